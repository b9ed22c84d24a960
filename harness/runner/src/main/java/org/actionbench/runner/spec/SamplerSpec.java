package org.actionbench.runner.spec;

/**
 * How every image of a run is sampled (DESIGN.md §4): DDIM with {@code steps} steps, η = {@code eta} (the
 * pipeline implements η = 0 only, so any other value is refused rather than silently ignored),
 * classifier-free guidance {@code guidance}; {@code width} and {@code height} are null for the model's own
 * resolution (512 for SD 2.1-base).
 */
public record SamplerSpec(int steps, double eta, double guidance, Integer width, Integer height) {
    public static final String SCHEDULER = "ddim";
    public static final int DEFAULT_STEPS = 50;
    public static final double DEFAULT_ETA = 0.0;
    public static final double DEFAULT_GUIDANCE = 7.5;
    public static final SamplerSpec DEFAULT = new SamplerSpec(DEFAULT_STEPS, DEFAULT_ETA, DEFAULT_GUIDANCE, null, null);

    public SamplerSpec withSteps(int n) {
        return new SamplerSpec(n, eta, guidance, width, height);
    }
}

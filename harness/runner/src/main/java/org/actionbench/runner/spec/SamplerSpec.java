package org.actionbench.runner.spec;

import org.actionbench.engine.pipeline.SamplingDefaults;

/**
 * How every image of a run is sampled: DDIM with {@code steps} steps, η = {@code eta} (the
 * pipeline implements η = 0 only, so any other value is refused rather than silently ignored),
 * classifier-free guidance {@code guidance}; {@code width} and {@code height} are null for the model's own
 * resolution (512 for SD 2.1-base); {@code batch} images of a cell are sampled in one pipeline call (a
 * matter of speed: each image keeps its own seed, so the batch moves its pixels by rounding only).
 */
public record SamplerSpec(int steps, double eta, double guidance, Integer width, Integer height, int batch) {
    public static final String SCHEDULER = "ddim";
    /** The engine's {@link SamplingDefaults} at the model's own resolution. */
    public static final SamplerSpec DEFAULT = new SamplerSpec(SamplingDefaults.STEPS, SamplingDefaults.ETA,
            SamplingDefaults.GUIDANCE, null, null);

    public SamplerSpec {
        if (batch < 1) {
            throw new IllegalArgumentException("sampler batch must be at least 1, got " + batch);
        }
    }

    /** With the default batch. */
    public SamplerSpec(int steps, double eta, double guidance, Integer width, Integer height) {
        this(steps, eta, guidance, width, height, SamplingDefaults.BATCH);
    }

    public SamplerSpec withSteps(int n) {
        return new SamplerSpec(n, eta, guidance, width, height, batch);
    }

    public SamplerSpec withBatch(int n) {
        return new SamplerSpec(steps, eta, guidance, width, height, n);
    }
}

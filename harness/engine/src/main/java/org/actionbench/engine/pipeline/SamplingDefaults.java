package org.actionbench.engine.pipeline;

/**
 * How images are sampled unless a run spec or a method's settings say otherwise — the one place these numbers
 * are written. ADI §5.1 samples every image with DDIM, 50 steps and guidance scale 7.5, which are also diffusers'
 * {@code StableDiffusionPipeline} defaults ({@code num_inference_steps=50}, {@code guidance_scale=7.5},
 * {@code eta=0.0}). The pipeline implements deterministic DDIM only, so η is always 0.
 */
public final class SamplingDefaults {
    public static final int STEPS = 50;
    public static final double ETA = 0.0;
    public static final double GUIDANCE = 7.5;
    /**
     * Images sampled together in one pipeline call (each with its own seed, so the batch changes an image by
     * floating-point rounding only); chosen from the images/s of {@code SamplingBatchBenchmark} (README).
     */
    public static final int BATCH = 8;

    private SamplingDefaults() {
    }
}

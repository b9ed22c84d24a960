package org.actionbench.engine.train;

/**
 * How many micro-batches of gradient accumulation one forward/backward pass computes together. The mean
 * gradient of k equal micro-batches is the gradient of the mean of their losses, so micro-batches may share a
 * pass (one larger batch: fewer, larger GEMMs, the frozen weights read once) without changing what is learned
 * beyond float rounding; the scripts' sequential accumulation stays the semantics. What limits it is memory:
 * a pass keeps its activations for the backward pass, roughly in proportion to the latent pixels it holds.
 * So micro-batches are grouped as long as a pass holds at most {@link #budget()} latent pixels, and always
 * into equal groups (a divisor of k), so each micro-batch keeps weight 1/k.
 */
public final class AccumulationPasses {
    /** System property: the most latent pixels (images × latent height × width) one training pass may hold. */
    public static final String BUDGET_PROPERTY = "actionbench.train.passLatentPixels";
    /**
     * 4 images of SD 2.1-base at 512 px (64 × 64 latents), the largest batch its scripts train with; 64 images
     * of the bundled mini model (16 × 16). 0 or 1 computes every micro-batch in its own pass, as the scripts do.
     */
    public static final long DEFAULT_BUDGET = 4L * 64 * 64;

    private AccumulationPasses() {
    }

    /** The budget in latent pixels: the system property when set, else {@link #DEFAULT_BUDGET}. */
    public static long budget() {
        String value = System.getProperty(BUDGET_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_BUDGET;
        }
        try {
            long budget = Long.parseLong(value.trim());
            if (budget < 0) {
                throw new NumberFormatException();
            }
            return budget;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + BUDGET_PROPERTY + ": expected a whole number of latent pixels"
                    + " (0 or more), found '" + value + "'");
        }
    }

    /**
     * The largest divisor d of {@code microBatches} such that d micro-batches of {@code imagesPerMicroBatch}
     * images of {@code latentPixelsPerImage} latent pixels stay within {@code budget}; at least 1.
     */
    public static int microBatchesPerPass(int microBatches, int imagesPerMicroBatch, long latentPixelsPerImage,
            long budget) {
        if (microBatches < 1 || imagesPerMicroBatch < 1 || latentPixelsPerImage < 1) {
            throw new IllegalArgumentException("micro-batches, images and latent pixels must be positive, got "
                    + microBatches + ", " + imagesPerMicroBatch + ", " + latentPixelsPerImage);
        }
        long perMicroBatch = (long) imagesPerMicroBatch * latentPixelsPerImage;
        for (int d = microBatches; d > 1; d--) {
            if (microBatches % d == 0 && d * perMicroBatch <= budget) {
                return d;
            }
        }
        return 1;
    }
}

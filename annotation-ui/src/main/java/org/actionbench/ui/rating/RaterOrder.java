package org.actionbench.ui.rating;

/**
 * Each rater's own random order of the images: a rank from the rater's seed and the image's id, so the order
 * is fixed per rater (resuming shows the same sequence) and uncorrelated between raters, and images of all
 * methods come interleaved.
 */
public final class RaterOrder {
    private RaterOrder() {
    }

    /** SplitMix64's finaliser over seed and id: a well-mixed 64-bit rank; lower ranks come first. */
    public static long rank(long seed, long imageId) {
        long z = seed + imageId * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package org.actionbench.reports;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A reference method (the best, or one the reader names) against one other over the subject-action pairs both
 * were judged on: the difference in total accuracy (percentage points, reference minus other, images pooled
 * over the pairs) with a 95% percentile
 * bootstrap interval. Pairs, not images, are resampled because the images of one pair share a prompt and
 * are not independent; resampling the same pairs for both methods keeps the comparison paired.
 */
public record PairedComparison(String reference, String other, int pairs, double difference, double low, double high,
        int replicates, long seed) {

    /**
     * @param correctA totally correct images of the reference method per pair; {@code imagesA} its images per pair
     * @param correctB, imagesB the same for the other method, pair by pair in the same order
     */
    static PairedComparison bootstrap(String reference, String other, long[] correctA, long[] imagesA, long[] correctB,
            long[] imagesB, int replicates, long seed) {
        int p = correctA.length;
        if (p == 0) {
            return new PairedComparison(reference, other, 0, Double.NaN, Double.NaN, Double.NaN, replicates, seed);
        }
        double observed = difference(correctA, imagesA, correctB, imagesB, null);
        // A fresh generator per comparison: one comparison's interval does not depend on which others ran.
        SplittableRandom random = new SplittableRandom(seed);
        double[] replicate = new double[replicates];
        int[] draw = new int[p];
        for (int r = 0; r < replicates; r++) {
            for (int i = 0; i < p; i++) {
                draw[i] = random.nextInt(p);
            }
            replicate[r] = difference(correctA, imagesA, correctB, imagesB, draw);
        }
        Arrays.sort(replicate);
        return new PairedComparison(reference, other, p, observed, quantile(replicate, 0.025), quantile(replicate, 0.975),
                replicates, seed);
    }

    private static double difference(long[] ca, long[] na, long[] cb, long[] nb, int[] draw) {
        long sca = 0, sna = 0, scb = 0, snb = 0;
        int p = draw == null ? ca.length : draw.length;
        for (int i = 0; i < p; i++) {
            int j = draw == null ? i : draw[i];
            sca += ca[j];
            sna += na[j];
            scb += cb[j];
            snb += nb[j];
        }
        return 100.0 * ((double) sca / sna - (double) scb / snb);
    }

    /** Linear interpolation between order statistics (Hyndman and Fan's type 7, R's default). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

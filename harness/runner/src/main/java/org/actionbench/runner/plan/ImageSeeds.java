package org.actionbench.runner.plan;

import org.actionbench.engine.nn.Seeds;

/**
 * The seed of every sampled image: a function of the run's sampling seed, the action, the subject and the
 * image index, and deliberately NOT of the method, so every method draws a (subject, action) pair's k-th
 * image from the same initial noise, as the paper compares methods on equal noise. The derivation is
 * {@link Seeds#derive}'s, fixed for good: changing it would make recorded seeds lie about old runs.
 */
public final class ImageSeeds {
    private ImageSeeds() {
    }

    public static long of(long samplingSeed, String action, String subject, int k) {
        return Seeds.derive(samplingSeed, "image/" + action + "/" + subject, k).nextLong();
    }
}

package org.actionbench.engine.schedulers;

import java.util.random.RandomGenerator;

/**
 * A distribution over the training timesteps 0..N−1 to draw t from at each training step: uniform (DDPM and
 * most fine-tuning methods) or proportional to given weights (importance sampling, e.g. ReVersion's preference
 * for large t; the weights themselves belong to the method that wants them).
 */
public final class TimestepDistribution {
    private final int size;
    /** cumulative[i] = w_0 + … + w_i; null for the uniform case, which draws with nextInt instead. */
    private final double[] cumulative;

    private TimestepDistribution(int size, double[] cumulative) {
        this.size = size;
        this.cumulative = cumulative;
    }

    /** Every timestep 0..numTrainTimesteps−1 equally likely, as {@code torch.randint(0, N)}. */
    public static TimestepDistribution uniform(int numTrainTimesteps) {
        if (numTrainTimesteps < 1) {
            throw new IllegalArgumentException("num_train_timesteps must be at least 1, got " + numTrainTimesteps);
        }
        return new TimestepDistribution(numTrainTimesteps, null);
    }

    /**
     * P(t) = weights[t] / Σ weights over t = 0..weights.length−1. Weights must be finite and non-negative with a
     * positive sum; a zero weight means that timestep is never drawn.
     */
    public static TimestepDistribution fromWeights(double[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("timestep weights: empty");
        }
        double[] cumulative = new double[weights.length];
        double sum = 0;
        for (int t = 0; t < weights.length; t++) {
            if (!(weights[t] >= 0) || Double.isInfinite(weights[t])) {
                throw new IllegalArgumentException("timestep weights[" + t + "] = " + weights[t]
                        + " (must be finite and non-negative)");
            }
            sum += weights[t];
            cumulative[t] = sum;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException("timestep weights: sum is " + sum + " (must be positive and finite)");
        }
        return new TimestepDistribution(weights.length, cumulative);
    }

    /** N, the number of timesteps the distribution is over. */
    public int size() {
        return size;
    }

    /** P(t). */
    public double probability(int t) {
        if (t < 0 || t >= size) {
            return 0;
        }
        if (cumulative == null) {
            return 1.0 / size;
        }
        double total = cumulative[size - 1];
        return (cumulative[t] - (t == 0 ? 0 : cumulative[t - 1])) / total;
    }

    /** One timestep. */
    public long sample(RandomGenerator rng) {
        if (cumulative == null) {
            return rng.nextInt(size);
        }
        double total = cumulative[size - 1];
        double u = rng.nextDouble() * total;
        // First t with cumulative[t] > u: zero-weight timesteps share their predecessor's cumulative value and so
        // are never the first to exceed u.
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        // u can round up to the total; then lo is the last index, which must still carry weight.
        while (lo > 0 && cumulative[lo] == cumulative[lo - 1]) {
            lo--;
        }
        return lo;
    }

    /** {@code batch} independent timesteps, e.g. one per image of a training batch. */
    public long[] sample(int batch, RandomGenerator rng) {
        if (batch < 0) {
            throw new IllegalArgumentException("batch size must not be negative, got " + batch);
        }
        long[] out = new long[batch];
        for (int i = 0; i < batch; i++) {
            out[i] = sample(rng);
        }
        return out;
    }
}

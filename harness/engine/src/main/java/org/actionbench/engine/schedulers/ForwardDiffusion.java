package org.actionbench.engine.schedulers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The forward (noising) process q(x_t | x0) = N(√ᾱ_t x0, (1 − ᾱ_t) I) of DDPM (Ho et al. 2020, Eq. 4), which is
 * all a training step needs: draw t, noise the clean latents, and compare the network's output with the target of
 * the schedule's prediction type. Coefficients are rounded to float32 exactly as diffusers' {@code add_noise} and
 * {@code get_velocity} round them.
 */
public final class ForwardDiffusion {
    private final NoiseSchedule schedule;
    private final float[] alphasCumprod;
    private final TimestepDistribution uniform;

    public ForwardDiffusion(NoiseSchedule schedule) {
        this.schedule = schedule;
        this.alphasCumprod = schedule.alphasCumprod();
        this.uniform = TimestepDistribution.uniform(schedule.numTrainTimesteps());
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /** ᾱ_t as the float32 value used here. */
    public float alphaCumprod(long t) {
        checkTimestep(t);
        return alphasCumprod[(int) t];
    }

    /**
     * x_t = √ᾱ_t x0 + √(1 − ᾱ_t) ε with one t per batch item.
     *
     * @param x0 clean samples [B, …], float32
     * @param noise ε, same shape as x0
     * @param timesteps integer array [B] (or [1] for all items), int64 or int32
     * @return x_t, attached to x0's manager
     */
    public NDArray addNoise(NDArray x0, NDArray noise, NDArray timesteps) {
        return addNoise(x0, noise, readTimesteps(timesteps));
    }

    /** {@link #addNoise(NDArray, NDArray, NDArray)} with the timesteps as a Java array. */
    public NDArray addNoise(NDArray x0, NDArray noise, long[] timesteps) {
        checkPair(x0, "x0", noise, timesteps);
        float[][] c = coefficients(timesteps);
        return ArrayScope.compute(x0, new NDArray[] {x0, noise}, scope -> {
            NDArray s = perItem(scope, c[0], x0.getShape());
            NDArray n = perItem(scope, c[1], x0.getShape());
            return x0.mul(s).add(noise.mul(n));
        });
    }

    /**
     * What the network should output for x_t = addNoise(x0, ε, t) under the schedule's prediction type: ε for
     * epsilon; v = √ᾱ_t ε − √(1 − ᾱ_t) x0 for v_prediction (Salimans &amp; Ho 2022, §4); x0 for sample.
     *
     * @return the target, attached to x0's manager
     */
    public NDArray trainingTarget(NDArray x0, NDArray noise, NDArray timesteps) {
        return trainingTarget(x0, noise, readTimesteps(timesteps));
    }

    /** {@link #trainingTarget(NDArray, NDArray, NDArray)} with the timesteps as a Java array. */
    public NDArray trainingTarget(NDArray x0, NDArray noise, long[] timesteps) {
        checkPair(x0, "x0", noise, timesteps);
        switch (schedule.predictionType()) {
            case EPSILON:
                return ArrayScope.compute(x0, new NDArray[] {x0, noise}, scope -> noise.duplicate());
            case SAMPLE:
                return ArrayScope.compute(x0, new NDArray[] {x0}, scope -> x0.duplicate());
            case V_PREDICTION: {
                float[][] c = coefficients(timesteps);
                return ArrayScope.compute(x0, new NDArray[] {x0, noise}, scope -> {
                    NDArray s = perItem(scope, c[0], x0.getShape());
                    NDArray n = perItem(scope, c[1], x0.getShape());
                    return noise.mul(s).sub(x0.mul(n));
                });
            }
            default:
                throw new AssertionError(schedule.predictionType());
        }
    }

    /** {@code batch} timesteps drawn uniformly from 0..N−1. */
    public long[] sampleTimesteps(int batch, RandomGenerator rng) {
        return uniform.sample(batch, rng);
    }

    /** {@code batch} timesteps drawn from {@code distribution}, which must be over this schedule's N timesteps. */
    public long[] sampleTimesteps(int batch, TimestepDistribution distribution, RandomGenerator rng) {
        if (distribution.size() != schedule.numTrainTimesteps()) {
            throw new IllegalArgumentException("timestep distribution is over " + distribution.size()
                    + " timesteps but num_train_timesteps is " + schedule.numTrainTimesteps());
        }
        return distribution.sample(batch, rng);
    }

    /** The timesteps as an int64 [B] array in {@code manager}, the form a UNet takes. */
    public static NDArray timestepArray(NDManager manager, long[] timesteps) {
        return manager.create(timesteps, new Shape(timesteps.length));
    }

    private void checkTimestep(long t) {
        if (t < 0 || t >= alphasCumprod.length) {
            throw new IllegalArgumentException("timestep " + t + " is outside [0, " + alphasCumprod.length
                    + ") (num_train_timesteps)");
        }
    }

    private static long[] readTimesteps(NDArray timesteps) {
        if (timesteps.getShape().dimension() != 1) {
            throw new IllegalArgumentException("timesteps must be a 1-D array [B], got shape " + timesteps.getShape());
        }
        if (timesteps.getDataType() == DataType.INT64) {
            return timesteps.toLongArray();
        }
        if (timesteps.getDataType() == DataType.INT32) {
            return Arrays.stream(timesteps.toIntArray()).asLongStream().toArray();
        }
        throw new IllegalArgumentException("timesteps must be int64 or int32, got " + timesteps.getDataType());
    }

    private static void checkPair(NDArray x0, String name, NDArray noise, long[] timesteps) {
        Shape shape = x0.getShape();
        if (shape.dimension() < 1) {
            throw new IllegalArgumentException(name + " must have a batch dimension, got shape " + shape);
        }
        if (!shape.equals(noise.getShape())) {
            throw new IllegalArgumentException("noise shape " + noise.getShape() + " does not match " + name
                    + " shape " + shape);
        }
        if (x0.getDataType() != DataType.FLOAT32 || noise.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(name + " and noise must be float32, got " + x0.getDataType() + " and "
                    + noise.getDataType());
        }
        if (timesteps.length != shape.get(0) && timesteps.length != 1) {
            throw new IllegalArgumentException(timesteps.length + " timesteps for a batch of " + shape.get(0)
                    + " (need one per item, or one for all)");
        }
    }

    /** Values [B] shaped [B, 1, …, 1] so they broadcast over each item of an array of {@code like}'s rank. */
    private static NDArray perItem(NDManager scope, float[] values, Shape like) {
        long[] dims = new long[like.dimension()];
        Arrays.fill(dims, 1);
        dims[0] = values.length;
        return scope.create(values, new Shape(dims));
    }

    /** {√ᾱ_t, √(1 − ᾱ_t)} per item, in float32 as diffusers rounds them. */
    private float[][] coefficients(long[] timesteps) {
        float[] signal = new float[timesteps.length];
        float[] noiseScale = new float[timesteps.length];
        for (int i = 0; i < timesteps.length; i++) {
            float a = alphaCumprod(timesteps[i]);
            signal[i] = (float) Math.sqrt(a);
            noiseScale[i] = (float) Math.sqrt(1f - a);
        }
        return new float[][] {signal, noiseScale};
    }
}

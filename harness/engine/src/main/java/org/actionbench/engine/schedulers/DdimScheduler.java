package org.actionbench.engine.schedulers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Deterministic DDIM sampling, η = 0 (Song et al. 2021, Eq. 12 with σ_t = 0):
 * x0 = (x_t − √(1−ᾱ_t) ε) / √ᾱ_t, x_prev = √ᾱ_prev x0 + √(1−ᾱ_prev) ε.
 *
 * <p>Matches diffusers' {@code DDIMScheduler} (float32 coefficients rounded as there) with one deliberate
 * difference: the previous timestep is the next entry of {@link #timesteps()}, as diffusers' DDPMScheduler does,
 * instead of DDIM's t − N div n. Both are the same for leading spacing (every Stable Diffusion config) and for
 * trailing spacing when n divides N; for linspace and the other trailing cases diffusers' DDIM steps to a
 * timestep that is not the next one it evaluates (diffusers issue #12633), which this class does not copy.
 */
public final class DdimScheduler implements Scheduler {
    private final NoiseSchedule schedule;
    private final float[] alphasCumprod;
    private final float finalAlphaCumprod;
    private long[] timesteps;

    public DdimScheduler(NoiseSchedule schedule) {
        this.schedule = schedule;
        this.alphasCumprod = schedule.alphasCumprod();
        // With no ᾱ below t = 0 to step to, the last step lands either on a clean sample (1) or on ᾱ_0, which is
        // what Stable Diffusion's steps_offset = 1, set_alpha_to_one = false combination was chosen for.
        this.finalAlphaCumprod = schedule.setAlphaToOne() ? 1f : alphasCumprod[0];
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /** Sets the run's timesteps by the schedule's {@code timestep_spacing} (see {@link TimestepSpacing}). */
    @Override
    public void setTimesteps(int numInferenceSteps) {
        long[] chosen = schedule.timestepSpacing().timesteps(schedule.numTrainTimesteps(), numInferenceSteps,
                schedule.stepsOffset());
        for (long t : chosen) {
            if (t < 0 || t >= schedule.numTrainTimesteps()) {
                throw new IllegalArgumentException("timestep " + t + " from " + schedule.timestepSpacing().configName()
                        + " spacing with steps_offset " + schedule.stepsOffset() + " is outside [0, "
                        + schedule.numTrainTimesteps() + ") (num_train_timesteps)");
            }
        }
        this.timesteps = chosen;
    }

    @Override
    public long[] timesteps() {
        return requireTimesteps().clone();
    }

    public int numInferenceSteps() {
        return requireTimesteps().length;
    }

    /** DDIM starts from unit-variance noise. */
    @Override
    public float initNoiseSigma() {
        return 1f;
    }

    /** ᾱ_t as the float32 value used here, for t in [0, N). */
    public float alphaCumprod(long t) {
        if (t < 0 || t >= alphasCumprod.length) {
            throw new IllegalArgumentException("timestep " + t + " is outside [0, " + alphasCumprod.length
                    + ") (num_train_timesteps)");
        }
        return alphasCumprod[(int) t];
    }

    /** ᾱ after the last step: 1 with set_alpha_to_one, else ᾱ_0. */
    public float finalAlphaCumprod() {
        return finalAlphaCumprod;
    }

    /** The timestep a step from t lands on: the next of {@link #timesteps()}, or −1 after the last. */
    public long previousTimestep(long t) {
        long[] ts = requireTimesteps();
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] == t) {
                return i + 1 < ts.length ? ts[i + 1] : -1;
            }
        }
        throw new IllegalArgumentException("timestep " + t + " is not one of the " + ts.length
                + " timesteps set by setTimesteps");
    }

    @Override
    public NDArray step(NDArray modelOutput, long timestep, NDArray sample) {
        checkShapes(modelOutput, sample);
        float a = alphaCumprod(timestep);
        long prev = previousTimestep(timestep);
        float aPrev = prev >= 0 ? alphasCumprod[(int) prev] : finalAlphaCumprod;
        return ArrayScope.compute(sample, new NDArray[] {sample, modelOutput}, scope -> {
            NDArray[] x0AndEps = originalAndNoise(modelOutput, sample, a);
            return x0AndEps[0].mul((float) Math.sqrt(aPrev)).add(x0AndEps[1].mul((float) Math.sqrt(1f - aPrev)));
        });
    }

    /**
     * The network's estimate of the clean sample at timestep t (clamped when clip_sample is set), attached to
     * sample's manager. Does not need {@link #setTimesteps}.
     */
    public NDArray predictOriginal(NDArray modelOutput, long timestep, NDArray sample) {
        checkShapes(modelOutput, sample);
        float a = alphaCumprod(timestep);
        return ArrayScope.compute(sample, new NDArray[] {sample, modelOutput},
                scope -> originalAndNoise(modelOutput, sample, a)[0]);
    }

    /** {x0, ε} from the model output; every operation in the same order diffusers performs it. */
    private NDArray[] originalAndNoise(NDArray modelOutput, NDArray sample, float a) {
        float sqrtA = (float) Math.sqrt(a);
        float sqrtB = (float) Math.sqrt(1f - a);
        NDArray x0;
        NDArray eps;
        switch (schedule.predictionType()) {
            case EPSILON:
                x0 = sample.sub(modelOutput.mul(sqrtB)).div(sqrtA);
                eps = modelOutput;
                break;
            case SAMPLE:
                x0 = modelOutput;
                eps = sample.sub(x0.mul(sqrtA)).div(sqrtB);
                break;
            case V_PREDICTION:
                x0 = sample.mul(sqrtA).sub(modelOutput.mul(sqrtB));
                eps = modelOutput.mul(sqrtA).add(sample.mul(sqrtB));
                break;
            default:
                throw new AssertionError(schedule.predictionType());
        }
        if (schedule.clipSample()) {
            // ε stays the unclipped one, as diffusers does unless use_clipped_model_output is set.
            float r = (float) schedule.clipSampleRange();
            x0 = x0.clip(-r, r);
        }
        return new NDArray[] {x0, eps};
    }

    private long[] requireTimesteps() {
        if (timesteps == null) {
            throw new IllegalStateException("DDIM scheduler: call setTimesteps before stepping");
        }
        return timesteps;
    }

    private static void checkShapes(NDArray modelOutput, NDArray sample) {
        if (!modelOutput.getShape().equals(sample.getShape())) {
            throw new IllegalArgumentException("model output shape " + modelOutput.getShape()
                    + " does not match sample shape " + sample.getShape());
        }
        if (modelOutput.getDataType() != DataType.FLOAT32 || sample.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("model output and sample must be float32, got "
                    + modelOutput.getDataType() + " and " + sample.getDataType());
        }
    }
}

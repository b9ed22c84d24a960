package org.actionbench.engine.schedulers;

import java.util.Arrays;
import java.util.Objects;
import org.actionbench.engine.config.SchedulerConfig;

/**
 * The numbers of a diffusers {@code scheduler_config.json} that the diffusion math needs, one component per key
 * (snake_case names in the comments). Immutable; variants are made with the {@code with…} methods.
 *
 * <p>Not supported, so a mapping from a config must reject them: {@code thresholding: true},
 * {@code rescale_betas_zero_snr: true}, and the sigma-based options of other scheduler families.
 *
 * @param numTrainTimesteps N, {@code num_train_timesteps}
 * @param betaStart {@code beta_start} (ignored when {@code trainedBetas} is given or the schedule is cosine)
 * @param betaEnd {@code beta_end}
 * @param betaSchedule {@code beta_schedule}
 * @param trainedBetas {@code trained_betas}: N explicit betas that override the three above, or null
 * @param predictionType {@code prediction_type}
 * @param stepsOffset {@code steps_offset}, added to leading timesteps
 * @param timestepSpacing {@code timestep_spacing}
 * @param setAlphaToOne {@code set_alpha_to_one}: DDIM's last step lands on ᾱ = 1 (a clean sample) instead of ᾱ_0
 * @param clipSample {@code clip_sample}: clamp predicted x0 to ±clipSampleRange (false for latent diffusion)
 * @param clipSampleRange {@code clip_sample_range}
 */
public record NoiseSchedule(
        int numTrainTimesteps,
        double betaStart,
        double betaEnd,
        BetaSchedule betaSchedule,
        double[] trainedBetas,
        PredictionType predictionType,
        int stepsOffset,
        TimestepSpacing timestepSpacing,
        boolean setAlphaToOne,
        boolean clipSample,
        double clipSampleRange) {

    public NoiseSchedule {
        Objects.requireNonNull(betaSchedule, "beta_schedule");
        Objects.requireNonNull(predictionType, "prediction_type");
        Objects.requireNonNull(timestepSpacing, "timestep_spacing");
        if (numTrainTimesteps < 1) {
            throw new IllegalArgumentException("num_train_timesteps must be at least 1, got " + numTrainTimesteps);
        }
        if (trainedBetas != null) {
            trainedBetas = trainedBetas.clone();
            if (trainedBetas.length != numTrainTimesteps) {
                throw new IllegalArgumentException("trained_betas has " + trainedBetas.length
                        + " values but num_train_timesteps is " + numTrainTimesteps);
            }
            for (int i = 0; i < trainedBetas.length; i++) {
                // β = 1 would make every later ᾱ zero, and DDIM divides by √ᾱ.
                if (!(trainedBetas[i] >= 0 && trainedBetas[i] < 1)) {
                    throw new IllegalArgumentException("trained_betas[" + i + "] = " + trainedBetas[i]
                            + " is outside [0, 1)");
                }
            }
        } else if (betaSchedule != BetaSchedule.SQUAREDCOS_CAP_V2) {
            if (!(betaStart >= 0 && betaStart < 1)) {
                throw new IllegalArgumentException("beta_start = " + betaStart + " is outside [0, 1)");
            }
            if (!(betaEnd >= 0 && betaEnd < 1)) {
                throw new IllegalArgumentException("beta_end = " + betaEnd + " is outside [0, 1)");
            }
        }
        if (stepsOffset < 0) {
            throw new IllegalArgumentException("steps_offset must not be negative, got " + stepsOffset);
        }
        if (!(clipSampleRange > 0)) {
            throw new IllegalArgumentException("clip_sample_range must be positive, got " + clipSampleRange);
        }
    }

    /**
     * The schedule a snapshot's {@code scheduler_config.json} describes, read as DDIM reads it. Options
     * this engine does not implement are rejected by name rather than silently ignored.
     */
    public static NoiseSchedule fromConfig(SchedulerConfig c) {
        if (c.thresholding()) {
            throw new IllegalArgumentException("scheduler config: 'thresholding: true' is not supported");
        }
        if (c.rescaleBetasZeroSnr()) {
            throw new IllegalArgumentException("scheduler config: 'rescale_betas_zero_snr: true' is not supported");
        }
        double[] trained = c.trainedBetas() == null ? null
                : c.trainedBetas().stream().mapToDouble(Double::doubleValue).toArray();
        return new NoiseSchedule(c.numTrainTimesteps(), c.betaStart(), c.betaEnd(),
                BetaSchedule.fromConfig(c.betaSchedule()), trained, PredictionType.fromConfig(c.predictionType()),
                c.stepsOffset(), TimestepSpacing.fromConfig(c.timestepSpacing()), c.setAlphaToOne(), c.clipSample(),
                c.clipSampleRange());
    }

    /**
     * Stable Diffusion 2.1-base's {@code scheduler/scheduler_config.json} (saved for PNDM; DDIM reads the same
     * keys): scaled_linear betas 0.00085..0.012 over 1000 steps, epsilon prediction, steps_offset 1,
     * set_alpha_to_one false, clip_sample false, leading spacing.
     */
    public static NoiseSchedule sd21Base() {
        return new NoiseSchedule(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR, null, PredictionType.EPSILON,
                1, TimestepSpacing.LEADING, false, false, 1.0);
    }

    @Override
    public double[] trainedBetas() {
        return trainedBetas == null ? null : trainedBetas.clone();
    }

    public NoiseSchedule withPredictionType(PredictionType value) {
        return new NoiseSchedule(numTrainTimesteps, betaStart, betaEnd, betaSchedule, trainedBetas, value,
                stepsOffset, timestepSpacing, setAlphaToOne, clipSample, clipSampleRange);
    }

    public NoiseSchedule withTimestepSpacing(TimestepSpacing value, int offset) {
        return new NoiseSchedule(numTrainTimesteps, betaStart, betaEnd, betaSchedule, trainedBetas, predictionType,
                offset, value, setAlphaToOne, clipSample, clipSampleRange);
    }

    public NoiseSchedule withSetAlphaToOne(boolean value) {
        return new NoiseSchedule(numTrainTimesteps, betaStart, betaEnd, betaSchedule, trainedBetas, predictionType,
                stepsOffset, timestepSpacing, value, clipSample, clipSampleRange);
    }

    public NoiseSchedule withClipSample(boolean value, double range) {
        return new NoiseSchedule(numTrainTimesteps, betaStart, betaEnd, betaSchedule, trainedBetas, predictionType,
                stepsOffset, timestepSpacing, setAlphaToOne, value, range);
    }

    /** Same schedule over different betas; also sets num_train_timesteps to their count. */
    public NoiseSchedule withBetas(BetaSchedule schedule, int numTrain, double start, double end) {
        return new NoiseSchedule(numTrain, start, end, schedule, null, predictionType, stepsOffset, timestepSpacing,
                setAlphaToOne, clipSample, clipSampleRange);
    }

    /** Same schedule over explicit {@code trained_betas}; also sets num_train_timesteps to their count. */
    public NoiseSchedule withTrainedBetas(double... betas) {
        return new NoiseSchedule(betas.length, betaStart, betaEnd, betaSchedule, betas, predictionType, stepsOffset,
                timestepSpacing, setAlphaToOne, clipSample, clipSampleRange);
    }

    /** β_0..β_{N−1} as the float32 values diffusers holds (see {@link BetaSchedule}). */
    public float[] betas() {
        if (trainedBetas != null) {
            float[] out = new float[trainedBetas.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) trainedBetas[i];
            }
            return out;
        }
        return betaSchedule.betas(numTrainTimesteps, betaStart, betaEnd);
    }

    /**
     * ᾱ_t = Π_{i≤t} (1 − β_i) for t = 0..N−1, the float32 values diffusers holds: α_i = 1 − β_i rounded to float32
     * (a float32 tensor op), then {@code torch.cumprod}, which on the CPU accumulates in double and rounds each
     * partial product to float32. Measured against torch 2.7.1 through DJL: bit-identical.
     */
    public float[] alphasCumprod() {
        float[] betas = betas();
        float[] out = new float[betas.length];
        double product = 1;
        for (int i = 0; i < betas.length; i++) {
            float alpha = 1f - betas[i];
            product *= alpha;
            out[i] = (float) product;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseSchedule other
                && numTrainTimesteps == other.numTrainTimesteps
                && Double.compare(betaStart, other.betaStart) == 0
                && Double.compare(betaEnd, other.betaEnd) == 0
                && betaSchedule == other.betaSchedule
                && Arrays.equals(trainedBetas, other.trainedBetas)
                && predictionType == other.predictionType
                && stepsOffset == other.stepsOffset
                && timestepSpacing == other.timestepSpacing
                && setAlphaToOne == other.setAlphaToOne
                && clipSample == other.clipSample
                && Double.compare(clipSampleRange, other.clipSampleRange) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(numTrainTimesteps, betaStart, betaEnd, betaSchedule, Arrays.hashCode(trainedBetas),
                predictionType, stepsOffset, timestepSpacing, setAlphaToOne, clipSample, clipSampleRange);
    }

    @Override
    public String toString() {
        return "NoiseSchedule[num_train_timesteps=" + numTrainTimesteps + ", beta_start=" + betaStart
                + ", beta_end=" + betaEnd + ", beta_schedule=" + betaSchedule.configName()
                + ", trained_betas=" + (trainedBetas == null ? "null" : trainedBetas.length + " values")
                + ", prediction_type=" + predictionType.configName() + ", steps_offset=" + stepsOffset
                + ", timestep_spacing=" + timestepSpacing.configName() + ", set_alpha_to_one=" + setAlphaToOne
                + ", clip_sample=" + clipSample + ", clip_sample_range=" + clipSampleRange + "]";
    }
}

package org.actionbench.engine.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code scheduler/scheduler_config.json}. A snapshot names one scheduler class (SD 2.1-base ships
 * {@code PNDMScheduler}); every method here samples with DDIM, as diffusers does after
 * {@code DDIMScheduler.from_config(...)}, so absent fields take {@code DDIMScheduler}'s defaults (for
 * example {@code set_alpha_to_one} true, {@code clip_sample} true) whatever {@code _class_name} says.
 * {@code skip_prk_steps} is PNDM-only and kept as read (null when absent) so the file can be rewritten.
 */
public record SchedulerConfig(
        String className,
        String diffusersVersion,
        int numTrainTimesteps,
        double betaStart,
        double betaEnd,
        String betaSchedule,
        List<Double> trainedBetas,
        String predictionType,
        int stepsOffset,
        String timestepSpacing,
        boolean setAlphaToOne,
        boolean clipSample,
        double clipSampleRange,
        boolean thresholding,
        double dynamicThresholdingRatio,
        double sampleMaxValue,
        boolean rescaleBetasZeroSnr,
        Boolean skipPrkSteps) {

    public static final Set<String> BETA_SCHEDULES = Set.of("linear", "scaled_linear", "squaredcos_cap_v2");
    public static final Set<String> PREDICTION_TYPES = Set.of("epsilon", "v_prediction", "sample");
    public static final Set<String> TIMESTEP_SPACINGS = Set.of("leading", "trailing", "linspace");

    public SchedulerConfig {
        trainedBetas = Checks.copy(trainedBetas);
        Checks.notBlank("_class_name", className);
        Checks.positive("num_train_timesteps", numTrainTimesteps);
        Checks.oneOf("beta_schedule", betaSchedule, BETA_SCHEDULES);
        if (trainedBetas == null) {
            beta("beta_start", betaStart);
            beta("beta_end", betaEnd);
        } else {
            if (trainedBetas.size() != numTrainTimesteps) {
                throw new IllegalArgumentException("field 'trained_betas' has " + trainedBetas.size()
                        + " entries but num_train_timesteps is " + numTrainTimesteps);
            }
            for (double b : trainedBetas) {
                beta("trained_betas", b);
            }
        }
        Checks.oneOf("prediction_type", predictionType, PREDICTION_TYPES);
        Checks.nonNegative("steps_offset", stepsOffset);
        Checks.oneOf("timestep_spacing", timestepSpacing, TIMESTEP_SPACINGS);
        Checks.positive("clip_sample_range", clipSampleRange);
        Checks.positive("sample_max_value", sampleMaxValue);
        if (!(dynamicThresholdingRatio > 0 && dynamicThresholdingRatio <= 1)) {
            throw new IllegalArgumentException("field 'dynamic_thresholding_ratio' must be in (0, 1], found "
                    + dynamicThresholdingRatio);
        }
    }

    private static void beta(String field, double b) {
        if (!(b > 0 && b < 1)) {
            throw new IllegalArgumentException("field '" + field + "' must lie in (0, 1), found " + b);
        }
    }

    /** This schedule under another scheduler class, e.g. {@code DDIMScheduler} for a PNDM snapshot. */
    public SchedulerConfig withClassName(String newClassName) {
        return new SchedulerConfig(newClassName, diffusersVersion, numTrainTimesteps, betaStart, betaEnd,
                betaSchedule, trainedBetas, predictionType, stepsOffset, timestepSpacing, setAlphaToOne, clipSample,
                clipSampleRange, thresholding, dynamicThresholdingRatio, sampleMaxValue, rescaleBetasZeroSnr,
                skipPrkSteps);
    }

    public static SchedulerConfig read(Path schedulerConfigJson) throws ConfigException {
        return from(ConfigReader.read(schedulerConfigJson));
    }

    public static SchedulerConfig parse(String json) throws ConfigException {
        return from(ConfigReader.parse(json, "scheduler config"));
    }

    static SchedulerConfig from(ConfigReader r) throws ConfigException {
        try {
            return new SchedulerConfig(
                    r.string("_class_name", "DDIMScheduler"),
                    r.string("_diffusers_version", null),
                    r.integer("num_train_timesteps", 1000),
                    r.number("beta_start", 0.0001),
                    r.number("beta_end", 0.02),
                    r.string("beta_schedule", "linear"),
                    r.numberList("trained_betas", null),
                    r.string("prediction_type", "epsilon"),
                    r.integer("steps_offset", 0),
                    r.string("timestep_spacing", "leading"),
                    r.bool("set_alpha_to_one", true),
                    r.bool("clip_sample", true),
                    r.number("clip_sample_range", 1.0),
                    r.bool("thresholding", false),
                    r.number("dynamic_thresholding_ratio", 0.995),
                    r.number("sample_max_value", 1.0),
                    r.bool("rescale_betas_zero_snr", false),
                    r.optionalBool("skip_prk_steps"));
        } catch (IllegalArgumentException e) {
            throw r.invalid(e);
        }
    }

    public void write(Path schedulerConfigJson) throws IOException {
        writer().write(schedulerConfigJson);
    }

    public String toJson() {
        return writer().toJsonString();
    }

    private ConfigWriter writer() {
        ConfigWriter w = new ConfigWriter()
                .className(className)
                .diffusersVersion(diffusersVersion)
                .put("num_train_timesteps", numTrainTimesteps)
                .put("beta_start", betaStart)
                .put("beta_end", betaEnd)
                .put("beta_schedule", betaSchedule)
                .put("trained_betas", trainedBetas)
                .put("prediction_type", predictionType)
                .put("steps_offset", stepsOffset)
                .put("timestep_spacing", timestepSpacing)
                .put("set_alpha_to_one", setAlphaToOne)
                .put("clip_sample", clipSample)
                .put("clip_sample_range", clipSampleRange)
                .put("thresholding", thresholding)
                .put("dynamic_thresholding_ratio", dynamicThresholdingRatio)
                .put("sample_max_value", sampleMaxValue)
                .put("rescale_betas_zero_snr", rescaleBetasZeroSnr);
        if (skipPrkSteps != null) {
            w.put("skip_prk_steps", skipPrkSteps);
        }
        return w;
    }
}

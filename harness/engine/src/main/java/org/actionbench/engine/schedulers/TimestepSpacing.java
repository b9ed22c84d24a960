package org.actionbench.engine.schedulers;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which training timesteps an n-step sampler visits: diffusers' {@code timestep_spacing}, the three rows of
 * Table 2 in Lin et al. 2023, "Common Diffusion Noise Schedules and Sample Steps are Flawed". Rounding follows
 * numpy (half to even) because diffusers computes these lists with numpy.
 */
public enum TimestepSpacing {
    /** 0, r, 2r, … with r = N div n, plus {@code steps_offset}, descending (Stable Diffusion's default). */
    LEADING("leading"),
    /** N, N − N/n, … (real step) rounded, minus one, descending: always starts at the last timestep N−1. */
    TRAILING("trailing"),
    /** n points evenly spaced over [0, N−1] inclusive, rounded, descending. */
    LINSPACE("linspace");

    private final String configName;

    TimestepSpacing(String configName) {
        this.configName = configName;
    }

    /** The name diffusers writes in {@code scheduler_config.json}. */
    public String configName() {
        return configName;
    }

    /** Parses diffusers' {@code timestep_spacing} value. */
    public static TimestepSpacing fromConfig(String name) {
        for (TimestepSpacing s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("timestep_spacing: unknown value '" + name + "' (expected one of "
                + Arrays.stream(values()).map(TimestepSpacing::configName).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * The descending timesteps diffusers' DDIM {@code set_timesteps} produces. {@code stepsOffset} applies to
     * {@link #LEADING} only, as in diffusers.
     */
    public long[] timesteps(int numTrainTimesteps, int numInferenceSteps, int stepsOffset) {
        if (numInferenceSteps < 1 || numInferenceSteps > numTrainTimesteps) {
            throw new IllegalArgumentException("num_inference_steps must be in [1, " + numTrainTimesteps
                    + "] (num_train_timesteps), got " + numInferenceSteps);
        }
        int n = numInferenceSteps;
        long[] out = new long[n];
        switch (this) {
            case LEADING: {
                long ratio = numTrainTimesteps / n;
                for (int i = 0; i < n; i++) {
                    out[i] = (n - 1 - i) * ratio + stepsOffset;
                }
                return out;
            }
            case TRAILING: {
                // numpy.arange(N, 0, -ratio): element i is start + i·delta with delta = (start − ratio) − start,
                // which is how numpy fills a float range. For some n (61, 103, … of 1000) N/ratio rounds just above
                // n and numpy appends a point near 0 that becomes timestep −1; only the first n points are kept.
                double ratio = numTrainTimesteps / (double) n;
                double start = numTrainTimesteps;
                double delta = (start - ratio) - start;
                for (int i = 0; i < n; i++) {
                    double value = i == 0 ? start : i == 1 ? start - ratio : start + i * delta;
                    out[i] = (long) Math.rint(value) - 1;
                }
                return out;
            }
            case LINSPACE: {
                // numpy.linspace(0, N−1, n): i·step with the last point set exactly to N−1.
                double stop = numTrainTimesteps - 1;
                double step = n > 1 ? stop / (n - 1) : 0;
                for (int i = 0; i < n; i++) {
                    double value = (n > 1 && i == n - 1) ? stop : i * step;
                    out[n - 1 - i] = (long) Math.rint(value);
                }
                return out;
            }
            default:
                throw new AssertionError(this);
        }
    }
}

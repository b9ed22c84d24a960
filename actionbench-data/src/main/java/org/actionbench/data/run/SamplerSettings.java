package org.actionbench.data.run;

import java.util.Objects;

/**
 * How one image was sampled (scheduler, steps, η, guidance, size; the defaults are the engine's
 * {@code SamplingDefaults}), kept with every image so a report can tell apart images sampled under different
 * settings.
 */
public record SamplerSettings(String scheduler, int steps, double eta, double guidance, int width, int height) {
    public SamplerSettings {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
    }
}

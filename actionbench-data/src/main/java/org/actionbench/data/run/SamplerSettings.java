package org.actionbench.data.run;

import java.util.Objects;

/**
 * How one image was sampled (DESIGN.md §4: DDIM, 50 steps, eta 0, guidance 7.5, 512x512 for SD 2.1), kept
 * with every image so a report can tell apart images sampled under different settings.
 */
public record SamplerSettings(String scheduler, int steps, double eta, double guidance, int width, int height) {
    public SamplerSettings {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
    }
}

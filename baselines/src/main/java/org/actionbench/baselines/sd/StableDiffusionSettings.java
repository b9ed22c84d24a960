package org.actionbench.baselines.sd;

/** Plain Stable Diffusion learns nothing and has no settings of its own (sampling is the runner's). */
public record StableDiffusionSettings() {
    public static final StableDiffusionSettings DEFAULTS = new StableDiffusionSettings();
}

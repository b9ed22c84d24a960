package org.actionbench.baselines.controlnet;

import org.actionbench.engine.method.SettingChecks;

/**
 * The ControlNet baseline's settings.
 *
 * @param conditioningScale 1.0: diffusers' StableDiffusionControlNetPipeline default
 *     {@code controlnet_conditioning_scale}
 */
public record ControlNetSettings(double conditioningScale) {
    public static final ControlNetSettings DEFAULTS = new ControlNetSettings(1.0);

    public ControlNetSettings {
        SettingChecks.nonNegative("conditioningScale", conditioningScale);
    }
}

package org.actionbench.baselines.controlnet;

import org.actionbench.engine.method.SettingChecks;

/**
 * The ControlNet baseline's settings.
 *
 * @param conditioningScale 1.0: diffusers' StableDiffusionControlNetPipeline default
 *     {@code controlnet_conditioning_scale}
 * @param prompt subject: the ADI paper does not print the baseline's prompt, but it credits ControlNet's action
 *     to the skeleton alone — "ControlNet refers to the provided skeleton image to generate the action" (§2),
 *     "relying on the skeleton as the condition to improve the action generation" (§5.2) — and names Stable
 *     Diffusion as the baseline "given the textual descriptions of the actions" (§5.2); subject-and-action gives
 *     ControlNet the description too
 */
public record ControlNetSettings(double conditioningScale, ControlNetPrompt prompt) {
    public static final ControlNetSettings DEFAULTS = new ControlNetSettings(1.0, ControlNetPrompt.SUBJECT);

    public ControlNetSettings {
        SettingChecks.nonNegative("conditioningScale", conditioningScale);
        if (prompt == null) {
            throw new IllegalArgumentException("setting 'prompt' must not be null");
        }
    }
}

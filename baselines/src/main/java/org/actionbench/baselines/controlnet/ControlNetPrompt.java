package org.actionbench.baselines.controlnet;

/**
 * What the ControlNet baseline writes in its prompt besides the skeleton map: the subject alone, or the
 * subject followed by the action's textual description, as the Stable Diffusion baseline phrases it.
 */
public enum ControlNetPrompt {
    SUBJECT,
    SUBJECT_AND_ACTION
}

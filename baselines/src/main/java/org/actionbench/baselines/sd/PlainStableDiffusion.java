package org.actionbench.baselines.sd;

import java.util.Set;
import org.actionbench.baselines.common.PlaceholderTokens;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;

/**
 * The Stable Diffusion baseline (ADI §5.1): no training; the prompt spells the action out, the subject
 * followed by the action's textual description ("An old man raises one finger").
 */
public final class PlainStableDiffusion implements Method<StableDiffusionSettings> {
    public static final String ID = "stable-diffusion";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StableDiffusionSettings defaults() {
        return StableDiffusionSettings.DEFAULTS;
    }

    /** Learns nothing: every component is frozen. */
    @Override
    public Set<ModelComponent> trainedComponents(StableDiffusionSettings s) {
        return Set.of();
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, StableDiffusionSettings s,
            TrainingContext context) {
        return Artifact.empty(ID);
    }

    @Override
    public String prompt(String subject, ActionExamples action, Artifact artifact) {
        return PlaceholderTokens.subjectWith(subject, action.description());
    }

    @Override
    public SamplingSetup sampling(Artifact artifact, ActionExamples action, StableDiffusion model) {
        return SamplingSetup.conditioning(PromptConditioner.text(model.promptEncoder()));
    }
}

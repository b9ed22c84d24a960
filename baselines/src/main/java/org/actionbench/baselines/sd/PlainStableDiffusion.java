package org.actionbench.baselines.sd;

import java.util.Map;
import org.actionbench.baselines.common.PlaceholderTokens;
import org.actionbench.baselines.common.SettingsRecords;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;

/**
 * The Stable Diffusion baseline (ADI §5.1): no training; the prompt spells the action out, the subject
 * followed by the action's textual description ("An old man raises one finger").
 */
public final class PlainStableDiffusion implements Method {
    public static final String ID = "stable-diffusion";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, Object> resolveSettings(Map<String, Object> overrides) {
        return SettingsRecords.resolve(StableDiffusionSettings.DEFAULTS, overrides);
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, Map<String, Object> settings,
            TrainingContext context) {
        SettingsRecords.read(StableDiffusionSettings.class, settings);
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

package org.actionbench.baselines.promptplus;

import java.io.IOException;
import java.util.Map;
import org.actionbench.baselines.common.SettingsRecords;
import org.actionbench.baselines.common.TokenInversion;
import org.actionbench.baselines.common.TokenMethod;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AdamWConfig;

/**
 * P+ (Voynov et al. 2023): Extended Textual Inversion, one placeholder row per cross-attention layer
 * (16 on SD 2.1), each layer reading the prompt encoded with its own row; the ε-MSE trains them all.
 * ADI without its gradient masks.
 */
public final class PromptPlus extends TokenMethod {
    public static final String ID = "p-plus";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, Object> resolveSettings(Map<String, Object> overrides) {
        return SettingsRecords.resolve(PromptPlusSettings.DEFAULTS, overrides);
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, Map<String, Object> settings,
            TrainingContext context) throws IOException {
        PromptPlusSettings s = SettingsRecords.read(PromptPlusSettings.class, settings);
        TokenInversion.Spec spec = new TokenInversion.Spec(ID, SettingsRecords.toMap(s), s.seed(), s.steps(),
                s.checkpointEvery(), s.batchSize(), 1,
                AdamWConfig.defaults(s.learningRate()).withWeightDecay(s.weightDecay()), s.placeholderToken(),
                s.initializerWord(), true, null);
        return TokenInversion.train(spec, action, model, context);
    }
}

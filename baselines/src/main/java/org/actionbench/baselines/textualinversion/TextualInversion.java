package org.actionbench.baselines.textualinversion;

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
 * Textual Inversion (Gal et al., ICLR 2023): one new word whose embedding row is optimised with AdamW
 * against the ε-MSE of the exemplars, everything else frozen.
 */
public final class TextualInversion extends TokenMethod {
    public static final String ID = "textual-inversion";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, Object> resolveSettings(Map<String, Object> overrides) {
        return SettingsRecords.resolve(TextualInversionSettings.DEFAULTS, overrides);
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, Map<String, Object> settings,
            TrainingContext context) throws IOException {
        TextualInversionSettings s = SettingsRecords.read(TextualInversionSettings.class, settings);
        TokenInversion.Spec spec = new TokenInversion.Spec(ID, SettingsRecords.toMap(s), s.seed(), s.steps(),
                s.checkpointEvery(), s.batchSize(), s.gradientAccumulation(),
                AdamWConfig.defaults(s.effectiveLearningRate()).withWeightDecay(s.weightDecay()),
                s.placeholderToken(), s.initializerWord(), false, null);
        return TokenInversion.train(spec, action, model, context);
    }
}

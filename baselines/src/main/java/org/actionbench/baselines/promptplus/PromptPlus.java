package org.actionbench.baselines.promptplus;

import java.io.IOException;
import java.util.Set;
import org.actionbench.baselines.common.TokenInversion;
import org.actionbench.baselines.common.TokenMethod;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AdamWConfig;

/**
 * P+ (Voynov et al. 2023): Extended Textual Inversion, one placeholder row per cross-attention layer
 * (16 on SD 2.1), each layer reading the prompt encoded with its own row; the ε-MSE trains them all.
 * ADI without its gradient masks.
 */
public final class PromptPlus extends TokenMethod<PromptPlusSettings> {
    public static final String ID = "p-plus";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public PromptPlusSettings defaults() {
        return PromptPlusSettings.DEFAULTS;
    }

    /** The per-layer rows, read through the text encoder. */
    @Override
    public Set<ModelComponent> trainedComponents(PromptPlusSettings s) {
        return Set.of(ModelComponent.TEXT_ENCODER);
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, PromptPlusSettings s,
            TrainingContext context) throws IOException {
        var spec = new TokenInversion.Spec<>(ID, s,
                AdamWConfig.defaults(s.learningRate()).withWeightDecay(s.weightDecay()),
                new TokenInversion.Batches(s.batchSize(), 1),
                TokenInversion.Placeholder.perLayer(s.placeholderToken(), s.initializerWord()));
        return TokenInversion.train(spec, action, model, context);
    }
}

package org.actionbench.baselines.textualinversion;

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
 * Textual Inversion (Gal et al., ICLR 2023): one new word whose embedding row is optimised with AdamW
 * against the ε-MSE of the exemplars, everything else frozen; each training image is mirrored with the
 * reference script's probability.
 */
public final class TextualInversion extends TokenMethod<TextualInversionSettings> {
    public static final String ID = "textual-inversion";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public TextualInversionSettings defaults() {
        return TextualInversionSettings.DEFAULTS;
    }

    /** The placeholder row, read through the text encoder. */
    @Override
    public Set<ModelComponent> trainedComponents(TextualInversionSettings s) {
        return Set.of(ModelComponent.TEXT_ENCODER);
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, TextualInversionSettings s,
            TrainingContext context) throws IOException {
        var spec = new TokenInversion.Spec<>(ID, s,
                AdamWConfig.defaults(s.effectiveLearningRate()).withWeightDecay(s.weightDecay()),
                new TokenInversion.Batches(s.batchSize(), s.gradientAccumulation()),
                TokenInversion.Placeholder.shared(s.placeholderToken(), s.initializerWord()))
                .withFlipProbability(s.flipProbability());
        return TokenInversion.train(spec, action, model, context);
    }
}

package org.actionbench.baselines.dreambooth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.actionbench.baselines.common.ClassImages;
import org.actionbench.baselines.common.Fingerprint;
import org.actionbench.baselines.common.PlaceholderTokens;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AdamWConfig;

/**
 * DreamBooth (Ruiz et al., CVPR 2023): the whole UNet fine-tuned on the exemplars, each prompted by its
 * template with a rare-token identifier in place of the action words ("a photo of a man sks in a park"),
 * with prior preservation on class images of the same templates without it. The artifact is the tuned UNet.
 */
public final class DreamBooth implements Method<DreamBoothSettings> {
    public static final String ID = "dreambooth";
    /** Artifact metadata: the identifier word. */
    public static final String IDENTIFIER = "identifier";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public DreamBoothSettings defaults() {
        return DreamBoothSettings.DEFAULTS;
    }

    /** A copy of the whole UNet; the text encoder stays frozen (no {@code --train_text_encoder}). */
    @Override
    public Set<ModelComponent> trainedComponents(DreamBoothSettings s) {
        return Set.of(ModelComponent.UNET);
    }

    @Override
    public Optional<Object> sharedClassImages(DreamBoothSettings s) {
        return s.priorPreservation() ? Optional.of(s.classImageSource()) : Optional.empty();
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, DreamBoothSettings s,
            TrainingContext context) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        for (ActionExamples.Exemplar e : action.exemplars()) {
            images.add(e.image());
            prompts.add(e.prompt(s.identifier()));
        }
        UNetFineTuning.Prior prior = null;
        if (s.priorPreservation()) {
            ClassImages classes = ClassImages.generateOrLoad(action, s.classImageSource(), model, context);
            prior = new UNetFineTuning.Prior(classes.images(), classes.prompts(), s.priorLossWeight());
        }
        UNetFineTuning.Spec spec = new UNetFineTuning.Spec(s.seed(), s.steps(), s.checkpointEvery(), s.batchSize(),
                AdamWConfig.defaults(s.learningRate()).withWeightDecay(s.weightDecay()), s.maxGradNorm(),
                context.checkpointFile(), Fingerprint.of(ID, s));
        var tuned = UNetFineTuning.train(model, images, prompts, prior, spec, context.listener(),
                model.manager().newSubManager());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(IDENTIFIER, s.identifier());
        return new Artifact(ID, tuned, meta);
    }

    @Override
    public String prompt(String subject, ActionExamples action, Artifact artifact) {
        String identifier = artifact.metadata().get(IDENTIFIER);
        if (identifier == null) {
            throw new IllegalArgumentException("artifact of '" + ID + "' has no '" + IDENTIFIER + "' metadata");
        }
        return PlaceholderTokens.subjectWith(subject, identifier);
    }

    @Override
    public SamplingSetup sampling(Artifact artifact, ActionExamples action, StableDiffusion model) {
        return new SamplingSetup(PromptConditioner.text(model.promptEncoder()), artifact.tensors(), null);
    }
}

package org.actionbench.baselines.customdiffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.actionbench.baselines.common.ClassImages;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.Fingerprint;
import org.actionbench.baselines.common.GradientClipping;
import org.actionbench.baselines.common.HorizontalFlips;
import org.actionbench.baselines.common.PlaceholderTokens;
import org.actionbench.baselines.common.SquareImages;
import org.actionbench.baselines.common.TokenTraining;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.train.TrainingLoop;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.nn.ParameterOverrides;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AdamWConfig;

/**
 * Custom Diffusion (Kumari et al., CVPR 2023): the key and value projections of every cross-attention layer
 * ({@code attn2.to_k}, {@code attn2.to_v}) and the modifier token's embedding row are trained; everything else
 * stays frozen. As the reference script trains them: each step serves instance images flipped, resized and
 * captioned by the augmentation ({@link InstanceImages}), with prior preservation on class images the frozen model
 * generated ({@link ClassImages}), all encoded by the VAE afresh, denoised in one batch and scored by
 * {@link CustomDiffusionLoss}. The shared UNet is not changed: copies of K and V are trained in place of the
 * originals and returned in the artifact under their parameter names, beside the token row.
 */
public final class CustomDiffusion implements Method<CustomDiffusionSettings> {
    public static final String ID = "custom-diffusion";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CustomDiffusionSettings defaults() {
        return CustomDiffusionSettings.DEFAULTS;
    }

    /** The modifier row through the text encoder, and copies of the cross-attention K and V of the UNet. */
    @Override
    public Set<ModelComponent> trainedComponents(CustomDiffusionSettings s) {
        return Set.of(ModelComponent.TEXT_ENCODER, ModelComponent.UNET);
    }

    @Override
    public Optional<Object> sharedClassImages(CustomDiffusionSettings s) {
        return s.priorPreservation() ? Optional.of(s.classImageSource()) : Optional.empty();
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, CustomDiffusionSettings s,
            TrainingContext context) throws IOException {
        ClassImages classes = s.priorPreservation() ? ClassImages.generateOrLoad(action, s.classImageSource(), model,
                context) : null;
        DenoisingObjective objective = new DenoisingObjective(model);
        try (NDManager work = model.manager().newSubManager();
                TokenTraining training = new TokenTraining(model, action, s.modifierToken(), s.initializerWord(), false,
                        objective, work)) {
            Map<String, NDArray> keyValue = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : model.unet().crossAttentionKeyValue().entrySet()) {
                NDArray copy = e.getValue().array().duplicate();
                copy.attach(work);
                copy.setRequiresGradient(true);
                keyValue.put(e.getKey(), copy);
            }
            Map<String, NDArray> trainable = new LinkedHashMap<>(training.trainable());
            trainable.putAll(keyValue);
            TrainingLoop.Plan plan = new TrainingLoop.Plan(s.steps(), s.checkpointEvery(),
                    AdamWConfig.defaults(s.effectiveLearningRate()).withWeightDecay(s.weightDecay()),
                    context.checkpointFile(), Fingerprint.of(ID, s));
            try (ParameterOverrides swapped = ParameterOverrides.apply(model.unet(), keyValue)) {
                TrainingLoop.run(work, trainable, plan, context.listener(), (step, m) -> {
                    TrainingLoop.MeanGradients g = TrainingLoop.meanGradients(m, model.arrays(), trainable, 1,
                            (micro, scope) -> loss(model, objective, training, action, classes, s, step,
                                    scope));
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("loss", g.loss());
                    return new TrainingLoop.Update(GradientClipping.clipGlobalNorm(g.gradients(), s.maxGradNorm()),
                            metrics);
                });
            }
            NDManager into = model.manager().newSubManager();
            Artifact tokens = training.artifact(ID, into, Map.of());
            Map<String, NDArray> tensors = new LinkedHashMap<>(tokens.tensors());
            for (Map.Entry<String, NDArray> e : keyValue.entrySet()) {
                NDArray tuned = e.getValue().stopGradient().duplicate();
                tuned.attach(into);
                tensors.put(e.getKey(), tuned);
            }
            return new Artifact(ID, tensors, tokens.metadata());
        }
    }

    /**
     * One step's loss: {@code batchSize} augmented instance images and, with the prior, as many class images
     * (each flipped with the same probability, otherwise as generated), every random choice from (seed, step).
     */
    private static NDArray loss(StableDiffusion model, DenoisingObjective objective, TokenTraining training,
            ActionExamples action, ClassImages classes, CustomDiffusionSettings s, long step, NDManager m) {
        int size = model.defaultResolution();
        int latentSize = size / model.vaeScaleFactor();
        int batch = s.batchSize();
        List<InstanceImages.Item> items = InstanceImages.draw(action, training.token(),
                training.drawExemplars(s.seed(), step, "batch", batch), size, latentSize, s.flipProbability(),
                s.rescaleAugmentation(), Seeds.derive(s.seed(), "augment/batch", step));
        int plane = 3 * size * size;
        float[] pixels = new float[batch * plane];
        float[] masks = new float[batch * latentSize * latentSize];
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            InstanceImages.Item item = items.get(i);
            System.arraycopy(item.placed().pixels(), 0, pixels, i * plane, plane);
            System.arraycopy(item.placed().mask(), 0, masks, i * latentSize * latentSize, latentSize * latentSize);
            prompts.add(item.prompt());
        }
        NDArray images = m.create(pixels, new Shape(batch, 3, size, size));
        if (classes != null) {
            RandomGenerator r = Seeds.derive(s.seed(), "class-images/batch", step);
            List<BufferedImage> chosen = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                int k = r.nextInt(classes.images().size());
                BufferedImage image = SquareImages.fit(classes.images().get(k), size, SquareImages.Resampling.BILINEAR);
                chosen.add(HorizontalFlips.draw(s.flipProbability(), r) ? HorizontalFlips.mirror(image) : image);
                prompts.add(classes.prompts().get(k));
            }
            images = images.concat(Images.toSignedTensor(m, chosen), 0);
        }
        NDArray x0 = model.vae().toLatents(images, Seeds.derive(s.seed(), "latents/batch", step)).stopGradient();
        DenoisingObjective.Draw draw = objective.draw(x0, s.seed(), step, "batch");
        NDArray squaredError = objective.squaredError(x0, draw, training.condition(m, prompts));
        NDArray mask = m.create(masks, new Shape(batch, 1, latentSize, latentSize));
        return CustomDiffusionLoss.of(squaredError, mask, s.priorLossWeight());
    }

    @Override
    public String prompt(String subject, ActionExamples action, Artifact artifact) {
        return PlaceholderTokens.subjectWith(subject, TokenTraining.token(artifact));
    }

    @Override
    public SamplingSetup sampling(Artifact artifact, ActionExamples action, StableDiffusion model) {
        Map<String, NDArray> keyValue = new LinkedHashMap<>(artifact.tensors());
        keyValue.remove(TokenTraining.ROWS);
        return new SamplingSetup(TokenTraining.conditioner(artifact, model), keyValue, null);
    }
}

package org.actionbench.baselines.customdiffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.Fingerprint;
import org.actionbench.baselines.common.GradientClipping;
import org.actionbench.baselines.common.PlaceholderTokens;
import org.actionbench.baselines.common.TokenTraining;
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
 * ({@code attn2.to_k}, {@code attn2.to_v}) and the modifier token's embedding row are trained by the ε-MSE;
 * everything else stays frozen. The shared UNet is not changed: copies of K and V are trained in place of
 * the originals and returned in the artifact under their parameter names, beside the token row.
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

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, CustomDiffusionSettings s,
            TrainingContext context) throws IOException {
        try (NDManager work = model.manager().newSubManager();
                TokenTraining training = new TokenTraining(model, action, s.modifierToken(), s.initializerWord(), false,
                        new DenoisingObjective(model), work)) {
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
                            (micro, scope) -> training.loss(scope,
                                    training.drawExemplars(s.seed(), step, "batch", s.batchSize()), s.seed(), step,
                                    "batch"));
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

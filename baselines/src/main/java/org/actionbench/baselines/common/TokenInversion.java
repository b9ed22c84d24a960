package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.schedulers.TimestepDistribution;
import org.actionbench.engine.train.AdamWConfig;

/**
 * Textual-Inversion-style training of placeholder rows by the ε-MSE over the exemplars: Textual Inversion
 * (one row), P+ (one row per cross-attention layer) and ReVersion (one row, importance-sampled timesteps
 * and a steering term added to the loss) differ only in what they pass here.
 */
public final class TokenInversion {
    private TokenInversion() {
    }

    /**
     * @param method the method id (artifact, checkpoint fingerprint)
     * @param batchSize exemplars per forward pass
     * @param gradientAccumulation forward passes per optimizer step
     */
    public record Spec(String method, Map<String, Object> settings, long seed, long steps, long checkpointEvery,
            int batchSize, int gradientAccumulation, AdamWConfig optimizer, String token, String initializerWord,
            boolean perLayer, TimestepDistribution timesteps) {}

    /** An extra loss term added to each micro-batch's ε-MSE (ReVersion's steering loss), already weighted. */
    @FunctionalInterface
    public interface ExtraTerm {
        NDArray loss(TokenTraining training, NDManager m, int[] exemplars, long step, int microBatch);
    }

    public static Artifact train(Spec spec, ActionExamples action, StableDiffusion model, TrainingContext context)
            throws IOException {
        return train(spec, action, model, context, null);
    }

    public static Artifact train(Spec spec, ActionExamples action, StableDiffusion model, TrainingContext context,
            ExtraTerm extra) throws IOException {
        DenoisingObjective objective = new DenoisingObjective(model, spec.timesteps());
        try (NDManager work = model.manager().newSubManager();
                TokenTraining training = new TokenTraining(model, action, spec.token(), spec.initializerWord(),
                        spec.perLayer(), objective, work)) {
            TrainingLoop.Plan plan = new TrainingLoop.Plan(spec.steps(), spec.checkpointEvery(), spec.optimizer(),
                    context.checkpointFile(), Fingerprint.of(spec.method(), spec.settings()));
            TrainingLoop.run(work, training.trainable(), plan, context.listener(), (step, m) -> {
                TrainingLoop.MeanGradients g = TrainingLoop.meanGradients(m, training.frozen(),
                        training.trainable(), spec.gradientAccumulation(), (micro, scope) -> {
                            String stream = "micro" + micro;
                            int[] exemplars = training.drawExemplars(spec.seed(), step, stream, spec.batchSize());
                            NDArray loss = training.loss(scope, exemplars, spec.seed(), step, stream);
                            if (extra != null) {
                                loss = loss.add(extra.loss(training, scope, exemplars, step, micro));
                            }
                            return loss;
                        });
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("loss", g.loss());
                return new TrainingLoop.Update(g.gradients(), metrics);
            });
            return training.artifact(spec.method(), model.manager().newSubManager(), Map.of());
        }
    }
}

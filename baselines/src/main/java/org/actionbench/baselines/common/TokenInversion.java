package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.method.TrainingSettings;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.schedulers.TimestepDistribution;
import org.actionbench.engine.train.AccumulationPasses;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.train.TrainingLoop;

/**
 * Textual-Inversion-style training of placeholder rows by the ε-MSE over the exemplars: Textual Inversion
 * (one row), P+ (one row per cross-attention layer) and ReVersion (one row, importance-sampled timesteps
 * and a steering term added to the loss) differ only in what they pass here.
 */
public final class TokenInversion {
    private TokenInversion() {
    }

    /** Exemplars per forward pass, and forward passes per optimizer step. */
    public record Batches(int batchSize, int gradientAccumulation) {}

    /** The learned word: its spelling in prompts, the word its rows start from, one row or one per layer. */
    public record Placeholder(String token, String initializerWord, boolean perLayer) {
        public static Placeholder shared(String token, String initializerWord) {
            return new Placeholder(token, initializerWord, false);
        }

        public static Placeholder perLayer(String token, String initializerWord) {
            return new Placeholder(token, initializerWord, true);
        }
    }

    /**
     * @param method the method id (artifact, checkpoint fingerprint)
     * @param settings the method's settings: steps, checkpoint interval and seed, and the fingerprint
     * @param timesteps the training timesteps' distribution (null: uniform)
     * @param flipProbability the chance that a training image is mirrored (0: never)
     */
    public record Spec<S extends Record & TrainingSettings<S>>(String method, S settings, AdamWConfig optimizer,
            Batches batches, Placeholder placeholder, TimestepDistribution timesteps, double flipProbability) {
        public Spec(String method, S settings, AdamWConfig optimizer, Batches batches, Placeholder placeholder,
                TimestepDistribution timesteps) {
            this(method, settings, optimizer, batches, placeholder, timesteps, 0);
        }

        public Spec(String method, S settings, AdamWConfig optimizer, Batches batches, Placeholder placeholder) {
            this(method, settings, optimizer, batches, placeholder, null);
        }

        public Spec<S> withFlipProbability(double p) {
            return new Spec<>(method, settings, optimizer, batches, placeholder, timesteps, p);
        }
    }

    /** An extra loss term added to each micro-batch's ε-MSE (ReVersion's steering loss), already weighted. */
    @FunctionalInterface
    public interface ExtraTerm {
        NDArray loss(TokenTraining training, NDManager m, int[] exemplars, long step, int microBatch);
    }

    public static <S extends Record & TrainingSettings<S>> Artifact train(Spec<S> spec, ActionExamples action,
            StableDiffusion model, TrainingContext context) throws IOException {
        return train(spec, action, model, context, null);
    }

    public static <S extends Record & TrainingSettings<S>> Artifact train(Spec<S> spec, ActionExamples action,
            StableDiffusion model, TrainingContext context, ExtraTerm extra) throws IOException {
        DenoisingObjective objective = new DenoisingObjective(model, spec.timesteps());
        S s = spec.settings();
        long seed = s.seed();
        Placeholder placeholder = spec.placeholder();
        try (NDManager work = model.manager().newSubManager();
                TokenTraining training = new TokenTraining(model, action, placeholder.token(),
                        placeholder.initializerWord(), placeholder.perLayer(), objective, spec.flipProbability(),
                        work)) {
            TrainingLoop.Plan plan = new TrainingLoop.Plan(s.steps(), s.checkpointEvery(), spec.optimizer(),
                    context.checkpointFile(), Fingerprint.of(spec.method(), s));
            int microBatches = spec.batches().gradientAccumulation();
            int perPass = AccumulationPasses.microBatchesPerPass(microBatches, spec.batches().batchSize(),
                    latentPixels(model), AccumulationPasses.budget());
            TrainingLoop.run(work, training.trainable(), plan, context.listener(), (step, m) -> {
                TrainingLoop.MeanGradients g = TrainingLoop.meanGradients(m, training.frozen(),
                        training.trainable(), microBatches / perPass,
                        (pass, scope) -> passLoss(training, extra, spec.batches().batchSize(), seed, step,
                                pass * perPass, perPass, scope));
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("loss", g.loss());
                return new TrainingLoop.Update(g.gradients(), metrics);
            });
            return training.artifact(spec.method(), model.manager().newSubManager(), Map.of());
        }
    }

    /**
     * The mean loss of micro-batches {@code first} … {@code first + count − 1} computed in one pass: the mean of
     * their ε-MSEs plus the mean of their extra terms. Micro-batch j draws everything from stream
     * {@code "micro" + j}, as it does in a pass of its own, so grouping changes rounding only.
     */
    static NDArray passLoss(TokenTraining training, ExtraTerm extra, int batchSize, long seed, long step,
            int first, int count, NDManager scope) {
        List<TokenTraining.MicroBatch> micros = new ArrayList<>(count);
        for (int j = first; j < first + count; j++) {
            String stream = "micro" + j;
            micros.add(new TokenTraining.MicroBatch(training.drawExemplars(seed, step, stream, batchSize), stream));
        }
        NDArray loss = training.loss(scope, micros, seed, step);
        if (extra == null) {
            return loss;
        }
        NDArray extras = null;
        for (int j = 0; j < count; j++) {
            NDArray term = extra.loss(training, scope, micros.get(j).exemplars(), step, first + j);
            extras = extras == null ? term : extras.add(term);
        }
        return loss.add(count == 1 ? extras : Functional.mulScalar(extras, 1f / count));
    }

    /** Latent pixels of one training image: the UNet's sample size squared. */
    private static long latentPixels(StableDiffusion model) {
        long side = model.defaultResolution() / model.vaeScaleFactor();
        return side * side;
    }
}

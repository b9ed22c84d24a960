package org.actionbench.baselines.reversion;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.util.Set;
import org.actionbench.baselines.common.TokenInversion;
import org.actionbench.baselines.common.TokenMethod;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.schedulers.TimestepDistribution;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.nn.Seeds;

/**
 * ReVersion (Huang et al. 2023): one relation token learned by the ε-MSE plus a weighted relation-steering
 * loss ({@link SteeringLoss}), with timesteps drawn by relation-focal importance sampling (large t more
 * often) instead of uniformly.
 */
public final class ReVersion extends TokenMethod<ReVersionSettings> {
    public static final String ID = "reversion";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ReVersionSettings defaults() {
        return ReVersionSettings.DEFAULTS;
    }

    /** The relation row, read through the text encoder. */
    @Override
    public Set<ModelComponent> trainedComponents(ReVersionSettings s) {
        return Set.of(ModelComponent.TEXT_ENCODER);
    }

    /** f(t) = (1 − α cos(π t / T)) / T for t = 0..T−1 (train.py's {@code importance_sampling_fn}). */
    public static TimestepDistribution importanceSampling(int numTrainTimesteps, double alpha) {
        double[] w = new double[numTrainTimesteps];
        for (int t = 0; t < numTrainTimesteps; t++) {
            w[t] = (1 - alpha * Math.cos(Math.PI * t / numTrainTimesteps)) / numTrainTimesteps;
        }
        return TimestepDistribution.fromWeights(w);
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, ReVersionSettings s,
            TrainingContext context) throws IOException {
        TimestepDistribution timesteps = s.importanceSampling()
                ? importanceSampling(model.noiseSchedule().numTrainTimesteps(), s.scaledCosineAlpha()) : null;
        var spec = new TokenInversion.Spec<>(ID, s,
                AdamWConfig.defaults(s.effectiveLearningRate()).withWeightDecay(s.weightDecay()),
                new TokenInversion.Batches(s.batchSize(), s.gradientAccumulation()),
                TokenInversion.Placeholder.shared(s.placeholderToken(), s.initializerWord()), timesteps);
        NDArray table = model.promptEncoder().textModel().tokenEmbedding().weight().array();
        TokenInversion.ExtraTerm steer = s.steerWeight() == 0 ? null : (training, m, exemplars, step, micro) -> {
            SteeringLoss loss = new SteeringLoss(training.encoder().tokenizer(), training.token());
            long[] positives = loss.positives(exemplars.length, s.numPositives(),
                    Seeds.derive(s.seed(), "positives/micro" + micro, step));
            long[] negatives = loss.negatives(training.prompts(exemplars));
            NDArray positiveRows = SteeringLoss.rows(table, positives, m);
            // A prompt of stop words only has no negatives: the positives alone give a zero loss.
            NDArray negativeRows = negatives.length == 0 ? positiveRows.get("0:0")
                    : SteeringLoss.rows(table, negatives, m);
            NDArray value = SteeringLoss.loss(training.rows(), positiveRows, negativeRows, (float) s.temperature());
            return Functional.mulScalar(value, (float) s.steerWeight());
        };
        return TokenInversion.train(spec, action, model, context, steer);
    }
}

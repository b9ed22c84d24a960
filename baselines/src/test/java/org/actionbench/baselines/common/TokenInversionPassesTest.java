package org.actionbench.baselines.common;

import static org.actionbench.baselines.Float32Bounds.gamma;
import static org.actionbench.baselines.Float32Bounds.maxAbs;
import static org.actionbench.baselines.Float32Bounds.maxAbsDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.actionbench.baselines.ToyAction;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AccumulationPasses;
import org.actionbench.engine.train.TrainingLoop;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gradient accumulation computed as one batch: k micro-batches in one pass give the mean gradient that k
 * sequential passes give (the scripts' accumulation), within float32 rounding.
 */
class TokenInversionPassesTest {
    static final int MICRO_BATCHES = 4;
    static final int BATCH = 2;
    static final long SEED = 5;
    static final long STEP = 3;
    static StableDiffusion model;

    @BeforeAll
    static void build() {
        model = TinyModels.random(11);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Weighted by micro-batch so a wrong 1/k or a micro-batch counted twice shows. */
    static final TokenInversion.ExtraTerm EXTRA = (training, m, exemplars, step, micro) ->
            Functional.mulScalar(training.rows().mul(training.rows()).sum(), 0.05f * (micro + 1));

    @Test
    void oneOrTwoPassesGiveTheMeanGradientOfFourSequentialMicroBatches() {
        try (NDManager m = model.manager().newSubManager();
                TokenTraining training = new TokenTraining(model, ToyAction.of(
                        org.actionbench.mini.world.PoseFamily.BOW, 3), "<action>", "pose", false,
                        new DenoisingObjective(model), m)) {
            float[] sequential = meanGradient(training, m, 1);
            float[] twoPasses = meanGradient(training, m, 2);
            float[] onePass = meanGradient(training, m, MICRO_BATCHES);
            float[][] each = new float[MICRO_BATCHES][];
            double scale = 0;
            for (int j = 0; j < MICRO_BATCHES; j++) {
                final int micro = j;
                each[j] = gradient(training, m, 1, (p, scope) -> TokenInversion.passLoss(training, EXTRA, BATCH, SEED,
                        STEP, micro, 1, scope));
                scale += maxAbs(each[j]) / MICRO_BATCHES;
            }
            // Float32 error analysis: every value of a pass comes from at most D = 64 sequential reductions
            // (text encoder, UNet and their backward, counted generously for the tiny model), each of at most
            // n = 512 terms, so batching the micro-batches changes an element by at most 2·D·γ_n of the size
            // of the terms it sums, which the micro-batches' own gradients bound (mean of their max norms).
            double tolerance = 2 * 64 * gamma(512) * scale;
            assertTrue(maxAbsDifference(sequential, onePass) <= tolerance,
                    "one pass vs sequential: " + maxAbsDifference(sequential, onePass) + " > " + tolerance);
            assertTrue(maxAbsDifference(sequential, twoPasses) <= tolerance,
                    "two passes vs sequential: " + maxAbsDifference(sequential, twoPasses) + " > " + tolerance);
            // Not vacuous: the micro-batches' gradients differ from each other far beyond the tolerance, so a
            // pass that drew a micro-batch from the wrong stream or weighted it wrongly would fail.
            assertTrue(maxAbsDifference(each[0], each[1]) > 100 * tolerance,
                    "micro-batches 0 and 1 barely differ: " + maxAbsDifference(each[0], each[1]));
        }
    }

    @Test
    void passesAreEqualDivisorsOfTheMicroBatchesWithinTheBudget() {
        assertEquals(4, AccumulationPasses.microBatchesPerPass(4, 1, 256, AccumulationPasses.DEFAULT_BUDGET));
        assertEquals(1, AccumulationPasses.microBatchesPerPass(4, 4, 4096, AccumulationPasses.DEFAULT_BUDGET));
        assertEquals(2, AccumulationPasses.microBatchesPerPass(4, 2, 4096, AccumulationPasses.DEFAULT_BUDGET));
        assertEquals(3, AccumulationPasses.microBatchesPerPass(6, 1, 1000, 4000), "largest divisor that fits, not 4");
        assertEquals(1, AccumulationPasses.microBatchesPerPass(4, 1, 256, 0), "budget 0: sequential");
    }

    private static float[] meanGradient(TokenTraining training, NDManager m, int perPass) {
        return gradient(training, m, MICRO_BATCHES / perPass, (pass, scope) -> TokenInversion.passLoss(training, EXTRA,
                BATCH, SEED, STEP, pass * perPass, perPass, scope));
    }

    private static float[] gradient(TokenTraining training, NDManager m, int passes, TrainingLoop.MicroBatchLoss loss) {
        try (NDManager step = m.newSubManager()) {
            TrainingLoop.MeanGradients g = TrainingLoop.meanGradients(step, training.frozen(), training.trainable(),
                    passes, loss);
            return g.gradients().get(TokenTraining.ROWS).toFloatArray();
        }
    }
}

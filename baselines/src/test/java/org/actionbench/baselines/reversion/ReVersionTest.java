package org.actionbench.baselines.reversion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.actionbench.baselines.MethodHarness;
import org.actionbench.baselines.ModelSnapshot;
import org.actionbench.baselines.Recording;
import org.actionbench.baselines.TokenRows;
import org.actionbench.baselines.ToyAction;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.actionbench.engine.schedulers.TimestepDistribution;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReVersionTest {
    static StableDiffusion model;
    static final ActionExamples ACTION = ToyAction.raiseOneArm();

    @BeforeAll
    static void build() {
        model = TinyModels.random(10);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static double cos(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa) / Math.sqrt(bb);
    }

    @Test
    void steeringLossMatchesAHandComputationAndOnlyMovesTheToken() {
        double[] v = {0.3, -1.2, 0.5};
        double[][] pos = {{1, 0, 2}, {0, 1, 1}};
        // A negative close to v makes the loss large (≈ 8), so a wrong temperature or sign shows.
        double[][] neg = {{0.2, -1, 0.6}, {2, 2, -1}, {-1, 0.5, 0.5}};
        double tau = 0.07;
        double all = 0;
        double positives = 0;
        for (double[] p : pos) {
            positives += Math.exp(cos(v, p) / tau);
            all += Math.exp(cos(v, p) / tau);
        }
        for (double[] n : neg) {
            all += Math.exp(cos(v, n) / tau);
        }
        double expected = Math.log(all) - Math.log(positives);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray row = m.create(new float[] {0.3f, -1.2f, 0.5f}).reshape(1, 3);
            NDArray p = m.create(new float[] {1, 0, 2, 0, 1, 1}).reshape(2, 3);
            NDArray n = m.create(new float[] {0.2f, -1, 0.6f, 2, 2, -1, -1, 0.5f, 0.5f}).reshape(3, 3);
            row.setRequiresGradient(true);
            p.setRequiresGradient(true);
            float value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = SteeringLoss.loss(row, p, n, (float) tau);
                value = loss.getFloat();
                gc.backward(loss);
            }
            assertTrue(expected > 5, "the example is not balanced: " + expected);
            // float32: each cosine (3-term sums, a square root, a division) is off by at most ~8u, which 1/τ
            // turns into ≤ 8u/0.07 ≈ 7e-6 in a logit and so in the log-sum-exp; the logs add a few u·8.
            // Below 1e-5·8 = 8e-5 whatever the summation order or vector width.
            assertEquals(expected, value, 1e-5 * expected);
            assertTrue(row.getGradient().abs().sum().getFloat() > 0);
            assertEquals(0f, p.getGradient().abs().sum().getFloat(), "positives must not receive a gradient");
        }
    }

    @Test
    void negativesAreThePromptsContentWordsAndPositivesArePrepositions() {
        ClipTokenizer tokenizer = model.promptEncoder().tokenizer().withoutPlaceholders();
        tokenizer.addPlaceholder("<R>", 1);
        SteeringLoss loss = new SteeringLoss(tokenizer, "<R>");
        long[] negatives = loss.negatives(List.of("a photo of a man <R> in a park"));
        long[] expected = java.util.Arrays.stream(tokenizer.encode("photo man park")).asLongStream().toArray();
        assertArrayEquals(expected, negatives);
        long[] positives = loss.positives(2, 4, new SplittableRandom(3));
        for (long id : positives) {
            String piece = tokenizer.token((int) id).replace("</w>", "");
            assertTrue(PrepositionBasis.PREPOSITIONS.stream().anyMatch(w -> w.contains(piece)), piece);
        }
    }

    @Test
    void importanceSamplingFavoursLargeTimesteps() {
        TimestepDistribution d = ReVersion.importanceSampling(1000, 0.5);
        // f(t) ∝ 1 − 0.5 cos(π t / 1000): f(0) : f(500) : f(999) = 0.5 : 1 : ≈1.5.
        assertEquals(0.5, d.probability(0) / d.probability(500), 1e-9);
        assertEquals(1 - 0.5 * Math.cos(Math.PI * 999 / 1000), d.probability(999) / d.probability(500), 1e-9);
    }

    @Test
    void learnsOneRowAndNothingElseThenSamples(@TempDir Path dir) throws Exception {
        ReVersion method = new ReVersion();
        ModelSnapshot before = ModelSnapshot.of(model);
        Recording log = new Recording();
        Artifact artifact = MethodHarness.train(method, model, ACTION,
                Map.of("steps", 2, "gradientAccumulation", 1, "numPositives", 2), dir, log);
        TokenRows.assertRowsLearned(artifact, model, "and", 1, 32);
        assertEquals(List.of(), before.changed(ModelSnapshot.of(model)), "frozen weights changed");
        assertEquals("a panda <R>", method.prompt("a panda", ACTION, artifact));
        // The steering term takes part: without it the same draws train another row.
        Artifact unsteered = MethodHarness.train(method, model, ACTION,
                Map.of("steps", 2, "gradientAccumulation", 1, "numPositives", 2, "steerWeight", 0), dir.resolve("w0"),
                new Recording());
        assertTrue(!java.util.Arrays.equals(artifact.tensor("rows").toFloatArray(),
                unsteered.tensor("rows").toFloatArray()), "the steering loss changed nothing");
        MethodHarness.sample(method, model, ACTION, artifact, 1);
    }
}

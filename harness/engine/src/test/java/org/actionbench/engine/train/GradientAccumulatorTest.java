package org.actionbench.engine.train;

import org.actionbench.engine.nn.StepScope;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientAccumulatorTest {

    /**
     * Micro-batch i has loss ½‖x − cᵢ‖², gradient x − cᵢ; the mean gradient is x − c̄, computed here by
     * hand. k accumulated micro-steps and one step on that hand-computed mean must update x the same way.
     */
    @Test
    void kMicroStepsEqualOneStepOnTheMeanGradient() {
        float[][] targets = {{1f, -2f, 0.5f}, {0.25f, 3f, -1f}, {-0.75f, 0.5f, 2f}, {2f, 1f, 1f}};
        float[] start = {0.3f, -0.1f, 0.7f};
        AdamWConfig config = new AdamWConfig(0.05, 0.9, 0.999, 1e-8, 0.01);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(start);
            x.setRequiresGradient(true);
            NDArray y = m.create(start);
            try (AdamW accumulated = new AdamW(m, Map.of("x", x), config);
                    AdamW direct = new AdamW(m, Map.of("x", y), config);
                    GradientAccumulator acc = new GradientAccumulator(m)) {
                for (int step = 0; step < 3; step++) {
                    float[] before = y.toFloatArray();
                    float[] mean = new float[3];
                    for (int j = 0; j < 3; j++) {
                        double cBar = 0;
                        for (float[] c : targets) {
                            cBar += c[j];
                        }
                        mean[j] = (float) (before[j] - cBar / targets.length);
                    }
                    try (StepScope scope = StepScope.open(m, List.of(x))) {
                        for (float[] c : targets) {
                            NDArray target = scope.manager().create(c);
                            // A step-owned scalar, not mul(0.5f): see the note on scalars in Gradients.
                            NDArray half = scope.manager().create(0.5f);
                            acc.add(Gradients.compute(Map.of("x", x), scope.manager(),
                                    () -> x.sub(target).square().sum().mul(half)).byName());
                        }
                        assertEquals(targets.length, acc.count());
                        Map<String, NDArray> accumulatedMean = acc.mean(scope.manager());
                        // Adam is nearly invariant to the gradient's scale, so check the mean itself too.
                        assertArrayEquals(mean, accumulatedMean.get("x").toFloatArray(), 1e-6f, "mean gradient");
                        accumulated.step(accumulatedMean);
                        acc.reset();
                    }
                    try (NDArray g = m.create(mean)) {
                        direct.step(Map.of("x", g));
                    }
                    float[] a = x.toFloatArray();
                    float[] b = y.toFloatArray();
                    for (int j = 0; j < 3; j++) {
                        assertEquals(b[j], a[j], 1e-6 * Math.max(1, Math.abs(b[j])), "x[" + j + "] after step " + step);
                    }
                }
            }
        }
    }

    @Test
    void oneMicroBatchIsIdenticalToNoAccumulation() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] start = {0.3f, -0.1f, 0.7f, -0.0f};
            NDArray a = m.create(start);
            NDArray b = m.create(start);
            AdamWConfig config = AdamWConfig.defaults(0.01);
            try (AdamW withAcc = new AdamW(m, Map.of("p", a), config);
                    AdamW without = new AdamW(m, Map.of("p", b), config);
                    GradientAccumulator acc = new GradientAccumulator(m)) {
                SplittableRandom r = new SplittableRandom(5);
                for (int step = 0; step < 10; step++) {
                    float[] g = {(float) r.nextGaussian(), -0.0f, (float) r.nextGaussian() * 1e-3f, 3f};
                    try (NDManager s = m.newSubManager()) {
                        acc.add(Map.of("p", s.create(g)));
                        withAcc.step(acc.mean(s));
                        assertEquals(0, acc.count(), "mean() ends the accumulation");
                        without.step(Map.of("p", s.create(g)));
                    }
                }
                assertArrayEquals(AdamWTest.bits(b.toFloatArray()), AdamWTest.bits(a.toFloatArray()));
                assertArrayEquals(AdamWTest.bits(without.firstMoment("p").toFloatArray()),
                        AdamWTest.bits(withAcc.firstMoment("p").toFloatArray()));
            }
        }
    }

    @Test
    void rejectsMicroBatchesWithOtherTensors() {
        try (NDManager m = NDManager.newBaseManager("PyTorch"); GradientAccumulator acc = new GradientAccumulator(m)) {
            acc.add(Map.of("a", m.zeros(new Shape(2))));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> acc.add(Map.of("a", m.zeros(new Shape(3)))));
            assertEquals(true, e.getMessage().contains("'a'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> acc.add(Map.of("b", m.zeros(new Shape(2)))));
            acc.reset();
            assertThrows(IllegalStateException.class, () -> acc.mean(m));
        }
    }
}

package org.actionbench.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdamWTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /**
     * torch.optim.AdamW's single-tensor update written out in double precision, one element at a time:
     * decay first, moments, bias corrections, eps added after dividing by sqrt(1 − β2^t).
     */
    private static final class Reference {
        final double[] p;
        final double[] m;
        final double[] v;
        int t;

        Reference(float[] initial) {
            p = new double[initial.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = initial[i];
            }
            m = new double[p.length];
            v = new double[p.length];
        }

        void step(float[] g, AdamWConfig c) {
            t++;
            double lr = c.learningRate();
            for (int i = 0; i < p.length; i++) {
                p[i] = p[i] - lr * c.weightDecay() * p[i];
                m[i] = c.beta1() * m[i] + (1 - c.beta1()) * g[i];
                v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g[i] * g[i];
                double stepSize = lr / (1 - Math.pow(c.beta1(), t));
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(c.beta2(), t)) + c.eps();
                p[i] = p[i] - stepSize * m[i] / denom;
            }
        }
    }

    private static float[] randomFloats(SplittableRandom r, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextGaussian() * scale);
        }
        return out;
    }

    private static void assertClose(double[] expected, float[] actual, double relTol, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = relTol * Math.max(Math.abs(expected[i]), 1e-6);
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    private void runAgainstReference(AdamWConfig config, double gradScale) {
        SplittableRandom r = new SplittableRandom(7);
        float[] initial = randomFloats(r, 12, 1.0);
        NDArray theta = manager.create(initial, new Shape(3, 4));
        Reference ref = new Reference(initial);
        try (AdamW adam = new AdamW(manager, Map.of("theta", theta), config)) {
            for (int step = 0; step < 6; step++) {
                float[] g = randomFloats(r, 12, gradScale);
                NDArray grad = manager.create(g, new Shape(3, 4));
                adam.step(Map.of("theta", grad));
                grad.close();
                ref.step(g, config);
                assertClose(ref.p, theta.toFloatArray(), 1e-6, "theta after step " + (step + 1));
                assertClose(ref.m, adam.firstMoment("theta").toFloatArray(), 1e-6, "m after step " + (step + 1));
                assertClose(ref.v, adam.secondMoment("theta").toFloatArray(), 1e-6, "v after step " + (step + 1));
            }
            assertEquals(6, adam.stepCount());
        }
    }

    @Test
    void matchesTorchFormulaWithoutWeightDecay() {
        runAgainstReference(new AdamWConfig(0.05, 0.9, 0.999, 1e-8, 0.0), 0.5);
    }

    @Test
    void matchesTorchFormulaWithWeightDecay() {
        runAgainstReference(new AdamWConfig(0.05, 0.9, 0.999, 1e-8, 0.3), 0.5);
    }

    @Test
    void epsIsAddedAfterTheBiasCorrectionAsInTorch() {
        // Gradients of the order of eps make its placement visible: sqrt(v)/sqrt(1-β2^t) + eps differs by
        // far more than the tolerance from (sqrt(v) + eps)/sqrt(1-β2^t) or sqrt(v/(1-β2^t) + eps).
        runAgainstReference(new AdamWConfig(0.01, 0.8, 0.95, 1e-3, 0.05), 1e-3);
    }

    @Test
    void torchDefaults() {
        AdamWConfig c = AdamWConfig.defaults(1e-4);
        assertEquals(new AdamWConfig(1e-4, 0.9, 0.999, 1e-8, 1e-2), c);
    }

    @Test
    void maskedChannelsStayBitExactWhileOthersMove() {
        int rows = 2;
        int dim = 6;
        SplittableRandom r = new SplittableRandom(11);
        float[] initial = randomFloats(r, rows * dim, 1.0);
        initial[2] = -0.0f; // a masked channel holding −0 must keep its sign bit
        initial[2 + dim] = Float.MIN_VALUE;
        NDArray theta = manager.create(initial, new Shape(rows, dim));
        boolean[] keep = {true, true, false, true, false, true};
        Map<String, NDArray> masks = Map.of("theta", manager.create(keep)); // shape [d] broadcast over rows
        try (AdamW adam = new AdamW(manager, Map.of("theta", theta), new AdamWConfig(0.01, 0.9, 0.999, 1e-8, 0.1))) {
            for (int step = 0; step < 100; step++) {
                try (NDArray grad = manager.create(randomFloats(r, rows * dim, 1.0), new Shape(rows, dim))) {
                    adam.step(Map.of("theta", grad), masks);
                }
            }
            float[] after = theta.toFloatArray();
            float[] m = adam.firstMoment("theta").toFloatArray();
            float[] v = adam.secondMoment("theta").toFloatArray();
            for (int row = 0; row < rows; row++) {
                for (int c = 0; c < dim; c++) {
                    int i = row * dim + c;
                    if (keep[c]) {
                        assertNotEquals(Float.floatToRawIntBits(initial[i]), Float.floatToRawIntBits(after[i]),
                                "trained channel " + i + " did not move");
                        assertTrue(v[i] > 0, "v of trained channel " + i);
                    } else {
                        assertEquals(Float.floatToRawIntBits(initial[i]), Float.floatToRawIntBits(after[i]),
                                "masked channel " + i + " changed");
                        assertEquals(0, Float.floatToRawIntBits(m[i]), "m of masked channel " + i);
                        assertEquals(0, Float.floatToRawIntBits(v[i]), "v of masked channel " + i);
                    }
                }
            }
        }
    }

    @Test
    void maskedMomentsResumeWhereTheyStopped() {
        // Train on every channel for 3 steps, then mask channel 0 for 2 steps: its m and v must be those of
        // step 3, to the bit, while channel 1 keeps evolving.
        NDArray theta = manager.create(new float[] {0.5f, -0.25f});
        try (AdamW adam = new AdamW(manager, Map.of("theta", theta), AdamWConfig.defaults(0.1))) {
            for (int step = 0; step < 3; step++) {
                adam.step(Map.of("theta", manager.create(new float[] {0.3f * (step + 1), -0.2f})));
            }
            float[] m3 = adam.firstMoment("theta").toFloatArray();
            float[] v3 = adam.secondMoment("theta").toFloatArray();
            float[] p3 = theta.toFloatArray();
            NDArray mask = manager.create(new float[] {0f, 1f}); // 0/1 floats are accepted as a mask
            for (int step = 0; step < 2; step++) {
                adam.step(Map.of("theta", manager.create(new float[] {5f, 7f})), Map.of("theta", mask));
            }
            assertEquals(Float.floatToRawIntBits(m3[0]), Float.floatToRawIntBits(adam.firstMoment("theta").getFloat(0)));
            assertEquals(Float.floatToRawIntBits(v3[0]), Float.floatToRawIntBits(adam.secondMoment("theta").getFloat(0)));
            assertEquals(Float.floatToRawIntBits(p3[0]), Float.floatToRawIntBits(theta.getFloat(0)));
            assertNotEquals(m3[1], adam.firstMoment("theta").getFloat(1));
            assertEquals(5, adam.stepCount());
        }
    }

    @Test
    void allOnesMaskIsIdenticalToNoMask() {
        SplittableRandom r = new SplittableRandom(3);
        float[] initial = randomFloats(r, 8, 1.0);
        NDArray a = manager.create(initial, new Shape(1, 8));
        NDArray b = manager.create(initial, new Shape(1, 8));
        AdamWConfig config = new AdamWConfig(0.02, 0.9, 0.999, 1e-8, 0.05);
        NDArray ones = manager.ones(new Shape(1, 8)).toType(DataType.BOOLEAN, false);
        try (AdamW plain = new AdamW(manager, Map.of("x", a), config);
                AdamW masked = new AdamW(manager, Map.of("x", b), config)) {
            for (int step = 0; step < 20; step++) {
                float[] g = randomFloats(r, 8, 1.0);
                plain.step(Map.of("x", manager.create(g, new Shape(1, 8))));
                masked.step(Map.of("x", manager.create(g, new Shape(1, 8))), Map.of("x", ones));
            }
            assertArrayEquals(bits(a.toFloatArray()), bits(b.toFloatArray()));
            assertArrayEquals(bits(plain.firstMoment("x").toFloatArray()), bits(masked.firstMoment("x").toFloatArray()));
            assertArrayEquals(bits(plain.secondMoment("x").toFloatArray()), bits(masked.secondMoment("x").toFloatArray()));
        }
    }

    @Test
    void updatesInPlaceSoHoldersOfTheTensorSeeTheNewValue() {
        NDArray theta = manager.create(new float[] {1f, 2f});
        theta.setRequiresGradient(true);
        try (AdamW adam = new AdamW(manager, Map.of("t", theta), AdamWConfig.defaults(0.5))) {
            adam.step(Map.of("t", manager.create(new float[] {1f, -1f})));
            assertTrue(adam.parameters().get("t") == theta);
            // First step of Adam moves each coordinate by ≈ lr·sign(g) (after the decay).
            assertEquals(1f * (1 - 0.5f * 0.01f) - 0.5f, theta.getFloat(0), 1e-5);
            assertEquals(2f * (1 - 0.5f * 0.01f) + 0.5f, theta.getFloat(1), 1e-5);
            assertTrue(theta.hasGradient());
        }
    }

    @Test
    void rejectsMaskThatDoesNotBroadcast() {
        NDArray theta = manager.zeros(new Shape(2, 4));
        try (AdamW adam = new AdamW(manager, Map.of("tokens", theta), AdamWConfig.defaults(0.1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> adam.step(Map.of("tokens", manager.zeros(new Shape(2, 4))),
                            Map.of("tokens", manager.ones(new Shape(3)))));
            assertTrue(e.getMessage().contains("'tokens'") && e.getMessage().contains("(3)"), e.getMessage());
            assertEquals(0, adam.stepCount());
        }
    }

    @Test
    void rejectsMissingOrMisshapenGradient() {
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("a", manager.zeros(new Shape(2)));
        params.put("b", manager.zeros(new Shape(3)));
        try (AdamW adam = new AdamW(manager, params, AdamWConfig.defaults(0.1))) {
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> adam.step(Map.of("a", manager.zeros(new Shape(2)))));
            assertTrue(missing.getMessage().contains("'b'"), missing.getMessage());
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> adam.step(Map.of("a", manager.zeros(new Shape(2)), "b", manager.zeros(new Shape(4)))));
            assertTrue(shape.getMessage().contains("'b'") && shape.getMessage().contains("(4)"), shape.getMessage());
        }
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new AdamWConfig(0, 0.9, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamWConfig(1e-3, 1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamWConfig(1e-3, 0.9, 0.999, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamWConfig(1e-3, 0.9, 0.999, 1e-8, Double.NaN));
    }

    static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}

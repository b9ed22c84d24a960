package org.actionbench.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionalTest {

    @Test
    void scalarFactorSurvivesGarbageCollectionBeforeBackward() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (int trial = 0; trial < 5; trial++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(new float[] {1f, -2f, 0.5f});
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Functional.mulScalar(x, 3f).sum();
                        // What DJL's x.mul(3f) gets wrong: its scalar's direct buffer is reclaimed here and
                        // reused by these allocations before autograd reads it.
                        System.gc();
                        List<ByteBuffer> churn = new ArrayList<>();
                        for (int i = 0; i < 64; i++) {
                            ByteBuffer b = ByteBuffer.allocateDirect(4096);
                            b.putFloat(0, 777f);
                            churn.add(b);
                        }
                        gc.backward(y);
                    }
                    float[] g = x.getGradient().toFloatArray();
                    for (float v : g) {
                        assertEquals(3f, v, "trial " + trial);
                    }
                }
            }
        }
    }

    @Test
    void castIsTheArrayItselfInItsOwnTypeAndOtherwiseRoundsAndCarriesTheGradientBack() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // 1 + 2^-12 is a tie between float16 neighbours 1 and 1 + 2^-10 and rounds to even (1); 3·2^-12 rounds up
            float[] xs = {1f + 0x1p-12f, 1f + 3 * 0x1p-12f, -65504f, 1e-8f};
            NDArray x = m.create(xs);
            assertSame(x, Functional.cast(x, DataType.FLOAT32), "no op is added in the array's own type");
            x.setRequiresGradient(true);
            float[] weights = {1f, 2f, -3f, 0.5f};
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray h = Functional.cast(x, DataType.FLOAT16);
                assertEquals(DataType.FLOAT16, h.getDataType());
                assertArrayEquals(new float[] {1f, 1f + 0x1p-10f, -65504f, 0f},
                        h.toType(DataType.FLOAT32, false).toFloatArray());
                NDArray back = Functional.cast(h.mul(m.create(weights).toType(DataType.FLOAT16, false)), DataType.FLOAT32);
                gc.backward(back.sum());
            }
            // d/dx Σ w·half(x) = w (the cast's derivative is one), exact in float16 for these weights
            assertArrayEquals(weights, x.getGradient().toFloatArray());
            assertEquals(DataType.FLOAT32, x.getGradient().getDataType());
        }
    }

    @Test
    void quickGeluIsXTimesSigmoidOf1702X() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] xs = {-3f, -0.5f, 0f, 1f, 2.5f};
            float[] got = Functional.quickGelu(m.create(xs)).toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                double expected = xs[i] / (1 + Math.exp(-1.702 * xs[i]));
                assertEquals(expected, got[i], 1e-6, "x=" + xs[i]);
            }
        }
    }

    @Test
    void siluIsXTimesSigmoidOfX() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] xs = {-4f, -1f, 0f, 0.5f, 3f};
            float[] got = Functional.silu(m.create(xs)).toFloatArray();
            // silu(1) by hand: 1 / (1 + e^-1) = 0.7310585786
            assertEquals(0.7310585786, Functional.silu(m.create(new float[] {1f})).toFloatArray()[0], 1e-6);
            for (int i = 0; i < xs.length; i++) {
                assertEquals(xs[i] / (1 + Math.exp(-xs[i])), got[i], 1e-6, "x=" + xs[i]);
            }
        }
    }
}

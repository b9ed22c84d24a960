package org.actionbench.engine.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class FeedForwardTest {
    // exact GELU x·Φ(x) at 1, −1 and 2 (Φ from tables of the normal distribution)
    static final double GELU_1 = 0.8413447460685429;
    static final double GELU_M1 = -0.15865525393145707;
    static final double GELU_2 = 1.9544997361036416;

    @Test
    void gegluMultipliesTheFirstHalfByGeluOfTheSecond() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // values [3, −2, 0.5], gates [1, −1, 2]
            float[] y = FeedForward.Geglu.gate(m.create(new float[] {3, -2, 0.5f, 1, -1, 2}, new Shape(1, 6)))
                    .toFloatArray();
            assertEquals(3, y.length);
            assertEquals(3 * GELU_1, y[0], 1e-6);
            assertEquals(-2 * GELU_M1, y[1], 1e-6);
            assertEquals(0.5 * GELU_2, y[2], 1e-6);
        }
    }

    @Test
    void keysAreNet0ProjAndNet2() {
        var p = new FeedForward(8).namedParameters();
        assertEquals(new Shape(64, 8), p.get("net.0.proj.weight").shape());
        assertEquals(new Shape(64), p.get("net.0.proj.bias").shape());
        assertEquals(new Shape(8, 32), p.get("net.2.weight").shape());
        assertEquals(new Shape(8), p.get("net.2.bias").shape());
        assertEquals(4, p.size());
    }

    @Test
    void feedForwardByHand() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            FeedForward ff = new FeedForward(1, 1);
            var p = ff.namedParameters();
            // proj: value = 2x, gate = x + 1; out = 3·(value·gelu(gate)) − 1
            p.get("net.0.proj.weight").set(m.create(new float[] {2, 1}, new Shape(2, 1)));
            p.get("net.0.proj.bias").set(m.create(new float[] {0, 1}, new Shape(2)));
            p.get("net.2.weight").set(m.create(new float[] {3}, new Shape(1, 1)));
            p.get("net.2.bias").set(m.create(new float[] {-1}, new Shape(1)));
            float y = ff.forward(m.create(new float[] {1}, new Shape(1, 1))).toFloatArray()[0];
            assertEquals(3 * 2 * GELU_2 - 1, y, 1e-5);
        }
    }
}

package org.actionbench.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class Conv2dTest {

    @Test
    void namesAndShapesArePyTorchs() {
        Conv2d conv = new Conv2d(3, 5, 3, 1, 1);
        assertEquals(new Shape(5, 3, 3, 3), conv.namedParameters().get("weight").shape());
        assertEquals(new Shape(5), conv.namedParameters().get("bias").shape());
        Conv2d noBias = new Conv2d(3, 5, 1, 1, 0, false, Init.zeros());
        assertEquals(1, noBias.namedParameters().size());
        assertNull(noBias.bias());
    }

    @Test
    void handComputedOneByOne() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Conv2d conv = new Conv2d(2, 1, 1, 1, 0);
            conv.weight().set(m.create(new float[] {2, -1}, new Shape(1, 2, 1, 1)));
            conv.bias().set(m.create(new float[] {0.5f}, new Shape(1)));
            // channel 0 = [1, 2], channel 1 = [3, 5] → 2·x0 − x1 + 0.5
            float[] y = conv.forward(m.create(new float[] {1, 2, 3, 5}, new Shape(1, 2, 1, 2))).toFloatArray();
            assertEquals(-0.5f, y[0], 1e-6);
            assertEquals(-0.5f, y[1], 1e-6);
        }
    }

    @Test
    void matchesPlainLoopsWithStrideAndPadding() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (int[] cfg : new int[][] {{3, 1, 1}, {3, 2, 1}, {3, 2, 0}, {1, 1, 0}}) {
                int k = cfg[0];
                int stride = cfg[1];
                int pad = cfg[2];
                for (boolean bias : new boolean[] {true, false}) {
                    Conv2d conv = new Conv2d(3, 4, k, stride, pad, bias, Init.fanIn());
                    PlainMath.randomize(conv, m, 5 + k + stride);
                    float[] x = PlainMath.gaussian(9, 2 * 3 * 5 * 6, 1);
                    NDArray y = conv.forward(m.create(x, new Shape(2, 3, 5, 6)));
                    double[] expected = PlainMath.conv2d(PlainMath.doubles(x), 2, 3, 5, 6,
                            PlainMath.param(conv, "weight"), bias ? PlainMath.param(conv, "bias") : null, 4, k,
                            stride, pad);
                    int oh = (5 + 2 * pad - k) / stride + 1;
                    int ow = (6 + 2 * pad - k) / stride + 1;
                    assertEquals(new Shape(2, 4, oh, ow), y.getShape());
                    PlainMath.assertClose(expected, y.toFloatArray(), 1e-5,
                            "k=" + k + " stride=" + stride + " pad=" + pad + " bias=" + bias);
                }
            }
        }
    }

    @Test
    void rejectsInvalidGeometry() {
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 0, 1));
    }
}

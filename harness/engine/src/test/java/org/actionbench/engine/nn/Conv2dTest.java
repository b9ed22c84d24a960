package org.actionbench.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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

    /**
     * Input and weight gradients of a batch against plain loops, for output-channel counts below and at the
     * block {@link Conv2d} pads to (libtorch's oneDNN gets the input gradient of thin convolutions in a batch
     * wrong on AVX2/AVX-512). Each gradient entry is a float32 sum of n products of exact float32 values,
     * so in any summation order and with or without FMA its error is at most γ_n·Σ|products| with
     * γ_n = n·u/(1 − n·u), u = 2⁻²⁴ (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
     */
    @Test
    void gradientsOfABatchMatchPlainLoops() {
        int b = 3;
        int in = 5;
        int h = 6;
        for (int out : new int[] {1, 3, 4, 8, 16, 20}) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                Conv2d conv = new Conv2d(in, out, 3, 1, 1);
                PlainMath.randomize(conv, m, 30 + out);
                float[] x = PlainMath.gaussian(31, b * in * h * h, 1);
                float[] dy = PlainMath.gaussian(32, b * out * h * h, 1);
                NDArray xa = m.create(x, new Shape(b, in, h, h));
                xa.setRequiresGradient(true);
                NDArray wa = conv.weight().array();
                wa.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(conv.forward(xa).mul(m.create(dy, new Shape(b, out, h, h))).sum());
                }
                float[] dx = xa.getGradient().toFloatArray();
                float[] dw = wa.getGradient().toFloatArray();
                float[] wt = wa.toFloatArray();
                for (int n = 0; n < b; n++) {
                    for (int c = 0; c < in; c++) {
                        for (int i = 0; i < h; i++) {
                            for (int j = 0; j < h; j++) {
                                double sum = 0;
                                double abs = 0;
                                for (int o = 0; o < out; o++) {
                                    for (int ki = 0; ki < 3; ki++) {
                                        for (int kj = 0; kj < 3; kj++) {
                                            int yi = i - ki + 1;
                                            int yj = j - kj + 1;
                                            if (yi >= 0 && yj >= 0 && yi < h && yj < h) {
                                                double p = (double) dy[((n * out + o) * h + yi) * h + yj]
                                                        * wt[((o * in + c) * 3 + ki) * 3 + kj];
                                                sum += p;
                                                abs += Math.abs(p);
                                            }
                                        }
                                    }
                                }
                                assertEquals(sum, dx[((n * in + c) * h + i) * h + j], gamma(out * 9) * abs,
                                        "out=" + out + " dL/dx[" + n + "," + c + "," + i + "," + j + "]");
                            }
                        }
                    }
                }
                for (int o = 0; o < out; o++) {
                    for (int c = 0; c < in; c++) {
                        for (int ki = 0; ki < 3; ki++) {
                            for (int kj = 0; kj < 3; kj++) {
                                double sum = 0;
                                double abs = 0;
                                for (int n = 0; n < b; n++) {
                                    for (int i = 0; i < h; i++) {
                                        for (int j = 0; j < h; j++) {
                                            int xi = i + ki - 1;
                                            int xj = j + kj - 1;
                                            if (xi >= 0 && xj >= 0 && xi < h && xj < h) {
                                                double p = (double) dy[((n * out + o) * h + i) * h + j]
                                                        * x[((n * in + c) * h + xi) * h + xj];
                                                sum += p;
                                                abs += Math.abs(p);
                                            }
                                        }
                                    }
                                }
                                assertEquals(sum, dw[((o * in + c) * 3 + ki) * 3 + kj], gamma(b * h * h) * abs,
                                        "out=" + out + " dL/dW[" + o + "," + c + "," + ki + "," + kj + "]");
                            }
                        }
                    }
                }
            }
        }
    }

    /** Higham's γ_n for float32: the relative error bound of an n-term dot product. */
    private static double gamma(int n) {
        double u = Math.ulp(1f) / 2;
        return n * u / (1 - n * u);
    }

    @Test
    void rejectsInvalidGeometry() {
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 0, 1));
    }
}

package org.actionbench.engine.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.stream.IntStream;
import org.actionbench.engine.nn.FiniteDifferences;
import org.actionbench.engine.nn.PlainMath;
import org.junit.jupiter.api.Test;

/** Downsample2D and Upsample2D against plain loops, and their gradients against finite differences. */
class ResamplingTest {

    @Test
    void keysAreConv() {
        assertEquals(new Shape(5, 4, 3, 3), new Downsample2D(4, 5, 1).namedParameters().get("conv.weight").shape());
        assertEquals(new Shape(5), new Upsample2D(4, 5).namedParameters().get("conv.bias").shape());
    }

    @Test
    void downsampleWithSymmetricPadding() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Downsample2D down = new Downsample2D(3, 4, 1);
            PlainMath.randomize(down, m, 1);
            float[] x = PlainMath.gaussian(2, 2 * 3 * 6 * 6, 1);
            NDArray y = down.forward(m.create(x, new Shape(2, 3, 6, 6)));
            assertEquals(new Shape(2, 4, 3, 3), y.getShape());
            PlainMath.assertClose(PlainMath.conv2d(PlainMath.doubles(x), 2, 3, 6, 6,
                    PlainMath.param(down, "conv.weight"), PlainMath.param(down, "conv.bias"), 4, 3, 2, 1),
                    y.toFloatArray(), 1e-5, "downsample pad 1");
        }
    }

    @Test
    void downsampleWithoutPaddingPadsBottomAndRightOnly() {
        int h = 6;
        int w = 5;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Downsample2D down = new Downsample2D(2, 3, 0);
            PlainMath.randomize(down, m, 4);
            float[] x = PlainMath.gaussian(5, 2 * h * w, 1);
            NDArray y = down.forward(m.create(x, new Shape(1, 2, h, w)));
            // (h + 1 − 3) / 2 + 1
            assertEquals(new Shape(1, 3, 3, 2), y.getShape());
            double[] padded = new double[2 * (h + 1) * (w + 1)];
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        padded[(c * (h + 1) + i) * (w + 1) + j] = x[(c * h + i) * w + j];
                    }
                }
            }
            PlainMath.assertClose(PlainMath.conv2d(padded, 1, 2, h + 1, w + 1, PlainMath.param(down, "conv.weight"),
                    PlainMath.param(down, "conv.bias"), 3, 3, 2, 0), y.toFloatArray(), 1e-5, "downsample pad 0");
        }
    }

    @Test
    void nearestDoublesEachPixelIntoABlock() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
            float[] y = Upsample2D.nearest2x(x).toFloatArray();
            float[] expected = {
                1, 1, 2, 2, 3, 3,
                1, 1, 2, 2, 3, 3,
                4, 4, 5, 5, 6, 6,
                4, 4, 5, 5, 6, 6};
            assertEquals(expected.length, y.length);
            for (int i = 0; i < y.length; i++) {
                assertEquals(expected[i], y[i], "element " + i);
            }
        }
    }

    @Test
    void upsampleMatchesPlainReference() {
        int h = 2;
        int w = 3;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Upsample2D up = new Upsample2D(2, 3);
            PlainMath.randomize(up, m, 9);
            float[] x = PlainMath.gaussian(6, 2 * 2 * h * w, 1);
            NDArray y = up.forward(m.create(x, new Shape(2, 2, h, w)));
            assertEquals(new Shape(2, 3, 2 * h, 2 * w), y.getShape());
            double[] big = new double[2 * 2 * 4 * h * w];
            for (int nc = 0; nc < 4; nc++) {
                for (int i = 0; i < 2 * h; i++) {
                    for (int j = 0; j < 2 * w; j++) {
                        big[(nc * 2 * h + i) * 2 * w + j] = x[(nc * h + i / 2) * w + j / 2];
                    }
                }
            }
            PlainMath.assertClose(PlainMath.conv2d(big, 2, 2, 2 * h, 2 * w, PlainMath.param(up, "conv.weight"),
                    PlainMath.param(up, "conv.bias"), 3, 3, 1, 1), y.toFloatArray(), 1e-5, "upsample");
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Downsample2D down = new Downsample2D(2, 2, 0);
            Upsample2D up = new Upsample2D(2, 2);
            PlainMath.randomize(down, m, 11);
            PlainMath.randomize(up, m, 12);
            float[] x = PlainMath.gaussian(13, 2 * 6 * 6, 1);
            float[] w = PlainMath.gaussian(14, 2 * 6 * 6, 1);
            Shape xs = new Shape(1, 2, 6, 6);
            float[] grad;
            try (NDManager step = m.newSubManager()) {
                NDArray xa = step.create(x, xs);
                xa.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(loss(down, up, xa, w));
                }
                grad = xa.getGradient().toFloatArray();
            }
            int[] entries = IntStream.range(0, x.length / 3).map(k -> 3 * k).toArray();
            FiniteDifferences.assertGradient(grad, x, entries, 0.1, values -> {
                try (NDManager step = m.newSubManager()) {
                    float[] y = up.forward(down.forward(step.create(values, xs))).toFloatArray();
                    return FiniteDifferences.Evaluation.weightedSum(y, w);
                }
            }, "element");
        }
    }

    private static NDArray loss(Downsample2D down, Upsample2D up, NDArray x, float[] w) {
        NDArray y = up.forward(down.forward(x)); // 6×6 → 3×3 (asymmetric pad) → 6×6
        return y.mul(x.getManager().create(w, new Shape(1, 2, 6, 6))).sum();
    }
}

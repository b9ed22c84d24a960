package org.actionbench.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class GroupNormTest {

    @Test
    void handComputedTwoGroups() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            GroupNorm norm = new GroupNorm(2, 4, 0, true);
            norm.weight().set(m.create(new float[] {1, 2, 1, 1}));
            norm.bias().set(m.create(new float[] {0, 0, 0, 10}));
            // Group 0 = channels 0,1 = {1, 3, 5, 7}: mean 4, biased variance 5. Group 1 = {2, 2, 2, 6}: mean 3,
            // variance 3.
            NDArray x = m.create(new float[] {1, 3, 5, 7, 2, 2, 2, 6}, new Shape(1, 4, 2));
            float[] y = norm.forward(x).toFloatArray();
            double s5 = Math.sqrt(5);
            double s3 = Math.sqrt(3);
            double[] expected = {-3 / s5, -1 / s5, 2 * 1 / s5, 2 * 3 / s5, -1 / s3, -1 / s3, 10 - 1 / s3, 10 + 3 / s3};
            for (int i = 0; i < 8; i++) {
                assertEquals(expected[i], y[i], 1e-5, "element " + i);
            }
        }
    }

    @Test
    void matchesPlainLoopsOn4dInput() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            GroupNorm norm = new GroupNorm(3, 6, 1e-6, true);
            PlainMath.randomize(norm, m, 3);
            float[] x = PlainMath.gaussian(4, 2 * 6 * 3 * 5, 2);
            for (int i = 0; i < x.length; i++) {
                x[i] += i % 7; // offsets per group so the mean matters
            }
            NDArray y = norm.forward(m.create(x, new Shape(2, 6, 3, 5)));
            assertEquals(new Shape(2, 6, 3, 5), y.getShape());
            double[] expected = PlainMath.groupNorm(PlainMath.doubles(x), 2, 6, 15, 3, 1e-6,
                    PlainMath.param(norm, "weight"), PlainMath.param(norm, "bias"));
            PlainMath.assertClose(expected, y.toFloatArray(), 2e-5, "group norm");
        }
    }

    @Test
    void epsilonEntersUnderTheSquareRoot() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            GroupNorm norm = new GroupNorm(1, 1, 1.0, false);
            // values {−1, 1}: variance 1, so (x − 0) / sqrt(1 + 1)
            float[] y = norm.forward(m.create(new float[] {-1, 1}, new Shape(1, 1, 2))).toFloatArray();
            assertEquals(-1 / Math.sqrt(2), y[0], 1e-6);
            assertEquals(0, norm.namedParameters().size());
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            GroupNorm norm = new GroupNorm(2, 4, 1e-5, true);
            PlainMath.randomize(norm, m, 8);
            float[] x = PlainMath.gaussian(1, 4 * 3, 1);
            float[] w = PlainMath.gaussian(2, 4 * 3, 1);
            float[] grad;
            try (NDManager step = m.newSubManager()) {
                NDArray xa = step.create(x, new Shape(1, 4, 3));
                xa.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(norm.forward(xa).mul(step.create(w, new Shape(1, 4, 3))).sum());
                }
                grad = xa.getGradient().toFloatArray();
            }
            double h = 1e-2;
            double[] xd = PlainMath.doubles(x);
            for (int i = 0; i < x.length; i++) {
                double[] plus = xd.clone();
                double[] minus = xd.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (loss(norm, plus, w) - loss(norm, minus, w)) / (2 * h);
                assertEquals(fd, grad[i], 1e-3 * Math.max(1, Math.abs(fd)), "element " + i);
            }
        }
    }

    private static double loss(GroupNorm norm, double[] x, float[] w) {
        double[] y = PlainMath.groupNorm(x, 1, 4, 3, 2, 1e-5, PlainMath.param(norm, "weight"),
                PlainMath.param(norm, "bias"));
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i] * w[i];
        }
        return s;
    }

    @Test
    void rejectsGroupsThatDoNotDivideChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 8, 1e-5, true));
        assertTrue(e.getMessage().contains("3 groups"));
    }
}

package org.actionbench.engine.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** diffusers' get_timestep_embedding by hand: frequencies 10000^(−i / (half − shift)). */
class TimestepsTest {

    private static void assertRow(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6, "channel " + i);
        }
    }

    @Test
    void sinThenCosWithoutFlip() {
        // 4 channels, shift 0: frequencies 1 and 10000^(−1/2) = 0.01
        float[] e = new Timesteps(4, false, 0).embed(new float[] {3});
        assertRow(new double[] {Math.sin(3), Math.sin(0.03), Math.cos(3), Math.cos(0.03)}, e);
    }

    @Test
    void cosThenSinWithFlip() {
        float[] e = new Timesteps(4, true, 0).embed(new float[] {3});
        assertRow(new double[] {Math.cos(3), Math.cos(0.03), Math.sin(3), Math.sin(0.03)}, e);
    }

    @Test
    void freqShiftOneSpreadsFrequenciesToTheFullPeriod() {
        // 6 channels, shift 1: exponents 0, −1/2, −1 → frequencies 1, 0.01, 0.0001
        float[] e = new Timesteps(6, false, 1).embed(new float[] {500});
        assertRow(new double[] {Math.sin(500), Math.sin(5), Math.sin(0.05), Math.cos(500), Math.cos(5), Math.cos(0.05)}, e);
        // the same with shift 0: exponents 0, −1/3, −2/3
        float[] e0 = new Timesteps(6, false, 0).embed(new float[] {500});
        double f1 = Math.pow(10000, -1.0 / 3);
        double f2 = Math.pow(10000, -2.0 / 3);
        assertEquals(Math.sin(500 * f1), e0[1], 1e-5);
        assertEquals(Math.cos(500 * f2), e0[5], 1e-5);
    }

    @Test
    void oddChannelCountEndsWithZero() {
        float[] e = new Timesteps(5, true, 0).embed(new float[] {0});
        assertRow(new double[] {1, 1, 0, 0, 0}, e);
    }

    @Test
    void oneTimestepServesTheBatchAndIntegersAreAccepted() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Timesteps t = new Timesteps(8, true, 0);
            NDArray one = t.forward(m.create(new long[] {7}), 3);
            assertEquals(new Shape(3, 8), one.getShape());
            NDArray each = t.forward(m.create(new long[] {7, 7, 7}), 3);
            assertArrayEquals(each.toFloatArray(), one.toFloatArray());
            float[] row = t.embed(new float[] {7});
            float[] got = one.toFloatArray();
            for (int i = 0; i < 8; i++) {
                assertEquals(row[i], got[16 + i]);
            }
            assertThrows(IllegalArgumentException.class, () -> t.forward(m.create(new long[] {1, 2}), 3));
        }
    }
}

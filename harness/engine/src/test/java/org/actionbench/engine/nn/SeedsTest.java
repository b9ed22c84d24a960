package org.actionbench.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SeedsTest {

    private static long[] draw(RandomGenerator r) {
        return new long[] {r.nextLong(), r.nextLong(), r.nextLong()};
    }

    @Test
    void sameSeedPurposeAndStepGiveTheSameStream() {
        assertArrayEquals(draw(Seeds.derive(42, "noise", 17)), draw(Seeds.derive(42, "noise", 17)));
    }

    @Test
    void eachCoordinateChangesTheStream() {
        long[] base = draw(Seeds.derive(42, "noise", 17));
        assertNotEquals(base[0], draw(Seeds.derive(43, "noise", 17))[0]);
        assertNotEquals(base[0], draw(Seeds.derive(42, "timesteps", 17))[0]);
        assertNotEquals(base[0], draw(Seeds.derive(42, "noise", 18))[0]);
        // Neighbouring steps must not be shifted copies of one stream (as seed + step would give).
        assertNotEquals(draw(Seeds.derive(42, "noise", 18))[0], draw(Seeds.derive(42, "noise", 17))[1]);
    }

    @Test
    void buildingBlocksMatchTheirPublishedTestVectors() {
        // FNV-1a 64 of "a" (Fowler/Noll/Vo reference test suite) and of "" (the offset basis).
        assertEquals(0xAF63DC4C8601EC8CL, Seeds.fnv1a("a"));
        assertEquals(0xCBF29CE484222325L, Seeds.fnv1a(""));
        // SplitMix64 (Vigna's splitmix64.c) seeded with 1234567: state += golden gamma, then the output mix.
        assertEquals(6457827717110365317L, Seeds.mix(1234567L + 0x9E3779B97F4A7C15L));
    }

    @Test
    void deriveFollowsItsDocumentedRecipe() {
        long seed = 1234;
        long step = 5;
        long mixed = Seeds.mix(Seeds.mix(Seeds.mix(seed ^ 0x6A09E667F3BCC909L) ^ Seeds.fnv1a("noise")) ^ step);
        assertEquals(new SplittableRandom(mixed).nextLong(), Seeds.derive(seed, "noise", step).nextLong());
    }

    @Test
    void derivationIsPinned() {
        // A golden value, recorded when the recipe was fixed: recorded seeds must keep reproducing their runs,
        // so neither the recipe nor the JDK generator behind it may change silently.
        assertEquals(-5629662395329206965L, Seeds.derive(1234, "noise", 5).nextLong(),
                "Seeds.derive changed; runs recorded with it no longer reproduce");
    }

    @Test
    void gaussianIsRowMajorDrawsOfTheGenerator() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = Seeds.gaussian(m, new Shape(2, 3), Seeds.derive(9, "noise", 1));
            RandomGenerator r = Seeds.derive(9, "noise", 1);
            float[] expected = new float[6];
            for (int i = 0; i < 6; i++) {
                expected[i] = (float) r.nextGaussian();
            }
            assertEquals(new Shape(2, 3), a.getShape());
            assertArrayEquals(expected, a.toFloatArray());
        }
    }

    @Test
    void gaussianHasStandardNormalMoments() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] x = Seeds.gaussian(m, new Shape(100_000), Seeds.derive(1, "noise", 0)).toFloatArray();
            double sum = 0;
            double sq = 0;
            for (float v : x) {
                sum += v;
                sq += v * v;
            }
            double mean = sum / x.length;
            double var = sq / x.length - mean * mean;
            // Standard errors: 1/sqrt(n) ≈ 0.0032 for the mean, sqrt(2/n) ≈ 0.0045 for the variance.
            assertEquals(0.0, mean, 0.015);
            assertEquals(1.0, var, 0.02);
        }
    }
}

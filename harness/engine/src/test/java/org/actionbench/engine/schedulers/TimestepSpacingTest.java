package org.actionbench.engine.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected lists derived by hand from diffusers' numpy expressions (written out above each case). */
class TimestepSpacingTest {
    @Test
    void leadingWithOffsetOneIsStableDiffusionsDefault() {
        // ratio = 1000 div 50 = 20; 0, 20, …, 980 reversed, + 1 → 981, 961, …, 21, 1.
        long[] expected = new long[50];
        for (int i = 0; i < 50; i++) {
            expected[i] = 981 - 20L * i;
        }
        assertArrayEquals(expected, TimestepSpacing.LEADING.timesteps(1000, 50, 1));
        // ratio 100: 900, …, 0 reversed, + 1.
        assertArrayEquals(new long[] {901, 801, 701, 601, 501, 401, 301, 201, 101, 1},
                TimestepSpacing.LEADING.timesteps(1000, 10, 1));
        // ratio = 1000 div 3 = 333: 0, 333, 666 → 666, 333, 0 (leading never reaches 999).
        assertArrayEquals(new long[] {666, 333, 0}, TimestepSpacing.LEADING.timesteps(1000, 3, 0));
    }

    @Test
    void trailingStartsAtTheLastTimestep() {
        // arange(1000, 0, −100) = 1000, 900, …, 100; − 1.
        assertArrayEquals(new long[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99},
                TimestepSpacing.TRAILING.timesteps(1000, 10, 1));
        // arange(1000, 0, −333.33…) = 1000, 666.67, 333.33 → round 1000, 667, 333 → − 1.
        assertArrayEquals(new long[] {999, 666, 332}, TimestepSpacing.TRAILING.timesteps(1000, 3, 0));
        // 1000/61 = 16.39…: numpy's arange yields 62 points here (the last ≈ 0 → −1); the 61 intended remain.
        long[] t61 = TimestepSpacing.TRAILING.timesteps(1000, 61, 0);
        assertArrayEquals(new long[] {999, 983}, new long[] {t61[0], t61[1]});
        assertArrayEquals(new long[] {15}, new long[] {t61[60]});
    }

    @Test
    void linspaceRoundsHalfToEven() {
        // linspace(0, 999, 10): step 111 → 0, 111, …, 999, reversed.
        assertArrayEquals(new long[] {999, 888, 777, 666, 555, 444, 333, 222, 111, 0},
                TimestepSpacing.LINSPACE.timesteps(1000, 10, 1));
        // linspace(0, 999, 7): step 166.5 → 0, 166.5, 333, 499.5, 666, 832.5, 999; numpy rounds halves to even:
        // 166, 500, 832 (half-up would give 167, 500, 833).
        assertArrayEquals(new long[] {999, 832, 666, 500, 333, 166, 0},
                TimestepSpacing.LINSPACE.timesteps(1000, 7, 0));
        // A single step evaluates t = 0 only.
        assertArrayEquals(new long[] {0}, TimestepSpacing.LINSPACE.timesteps(1000, 1, 0));
    }

    @Test
    void stepCountsOutsideOneToNAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.LEADING.timesteps(1000, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.TRAILING.timesteps(1000, 1001, 0));
    }
}

package org.actionbench.engine.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TimestepDistributionTest {
    @Test
    void drawsFollowTheWeightsAndSkipZeroWeights() {
        // P(1) = 1/4, P(3) = 3/4, P(0) = P(2) = 0.
        TimestepDistribution d = TimestepDistribution.fromWeights(new double[] {0, 1, 0, 3});
        assertEquals(0.75, d.probability(3), 1e-15);
        assertEquals(0, d.probability(2));
        int[] counts = new int[4];
        SplittableRandom rng = new SplittableRandom(11);
        for (long t : d.sample(40_000, rng)) {
            counts[(int) t]++;
        }
        assertEquals(0, counts[0]);
        assertEquals(0, counts[2]);
        assertEquals(0.25, counts[1] / 40_000.0, 0.01);
        assertEquals(0.75, counts[3] / 40_000.0, 0.01);
    }

    @Test
    void inverseCdfBoundariesAreExact() {
        // Weights 1, 1, 2 → cumulative 1, 2, 4 over a total of 4: u = U·4 in [0,1) → 0, [1,2) → 1, [2,4) → 2.
        TimestepDistribution d = TimestepDistribution.fromWeights(new double[] {1, 1, 2});
        assertEquals(0, d.sample(fixed(0.0)));
        assertEquals(0, d.sample(fixed(0.2499)));
        assertEquals(1, d.sample(fixed(0.25)));
        assertEquals(2, d.sample(fixed(0.5)));
        assertEquals(2, d.sample(fixed(Math.nextDown(1.0))));
        // Trailing zero weights are never drawn, even when U·total rounds up to the total itself.
        TimestepDistribution tail = TimestepDistribution.fromWeights(new double[] {1, 3, 0, 0});
        assertEquals(1, tail.sample(fixed(Math.nextDown(1.0))));
        assertEquals(1, tail.sample(fixed(1.0)));
    }

    @Test
    void uniformIsSeededAndInRange() {
        TimestepDistribution u = TimestepDistribution.uniform(1000);
        assertArrayEquals(u.sample(8, new SplittableRandom(5)), u.sample(8, new SplittableRandom(5)));
        for (long t : u.sample(10_000, new SplittableRandom(5))) {
            assertTrue(t >= 0 && t < 1000);
        }
        assertEquals(0.001, u.probability(999), 1e-15);
        assertEquals(0, u.probability(1000));
    }

    @Test
    void badWeightsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TimestepDistribution.fromWeights(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> TimestepDistribution.fromWeights(new double[] {0, 0}));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TimestepDistribution.fromWeights(new double[] {1, -1})).getMessage().contains("weights[1]"));
        assertThrows(IllegalArgumentException.class,
                () -> TimestepDistribution.fromWeights(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> TimestepDistribution.uniform(0));
    }

    /** A generator whose nextDouble is always {@code u}. */
    private static RandomGenerator fixed(double u) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return u;
            }
        };
    }
}

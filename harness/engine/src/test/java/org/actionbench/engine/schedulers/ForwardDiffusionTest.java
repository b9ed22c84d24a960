package org.actionbench.engine.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ForwardDiffusionTest {
    private static NDManager manager;

    // β = 0.1, 0.2, 0.5, 0.75 → ᾱ = 0.9, 0.72, 0.36, 0.09: √ᾱ_2 = 0.6 and √(1 − ᾱ_2) = 0.8 exactly.
    private static final NoiseSchedule TOY = NoiseSchedule.sd21Base().withTrainedBetas(0.1, 0.2, 0.5, 0.75);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    // Two items [2, 1, 1, 2]: x0 = (1, −2), (0.5, 3); ε = (0.25, 1), (−1, 2); item 0 at t = 2, item 1 at t = 0.
    private static final float[] X0 = {1, -2, 0.5f, 3};
    private static final float[] EPS = {0.25f, 1, -1, 2};
    private static final long[] T = {2, 0};

    @Test
    void addNoiseUsesEachItemsOwnTimestep() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x0 = m.create(X0, new Shape(2, 1, 1, 2));
            NDArray eps = m.create(EPS, new Shape(2, 1, 1, 2));
            NDArray xt = new ForwardDiffusion(TOY).addNoise(x0, eps, m.create(T));
            // item 0: 0.6·1 + 0.8·0.25 = 0.8; 0.6·(−2) + 0.8·1 = −0.4
            // item 1: √0.9·0.5 + √0.1·(−1) = 0.158114; √0.9·3 + √0.1·2 = 3.478505
            float[] expected = {0.8f, -0.4f,
                (float) (Math.sqrt(0.9) * 0.5 - Math.sqrt(0.1)), (float) (Math.sqrt(0.9) * 3 + Math.sqrt(0.1) * 2)};
            assertArrayEquals(expected, xt.toFloatArray(), 1e-6f);
            assertEquals(0.158114f, xt.toFloatArray()[2], 1e-6f);
            assertEquals(new Shape(2, 1, 1, 2), xt.getShape());
        }
    }

    @Test
    void velocityTargetIsSignalTimesNoiseMinusNoiseScaleTimesX0() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x0 = m.create(X0, new Shape(2, 1, 1, 2));
            NDArray eps = m.create(EPS, new Shape(2, 1, 1, 2));
            NDArray v = new ForwardDiffusion(TOY.withPredictionType(PredictionType.V_PREDICTION))
                    .trainingTarget(x0, eps, T);
            // item 0: 0.6·0.25 − 0.8·1 = −0.65; 0.6·1 − 0.8·(−2) = 2.2
            // item 1: √0.9·(−1) − √0.1·0.5 = −1.106797; √0.9·2 − √0.1·3 = 0.948683
            assertArrayEquals(new float[] {-0.65f, 2.2f, -1.106797f, 0.948683f}, v.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void epsilonAndSampleTargetsAreCopiesOfTheirInputs() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x0 = m.create(X0, new Shape(2, 1, 1, 2));
            NDArray eps = m.create(EPS, new Shape(2, 1, 1, 2));
            NDArray e = new ForwardDiffusion(TOY).trainingTarget(x0, eps, T);
            assertArrayEquals(EPS, e.toFloatArray());
            NDArray s = new ForwardDiffusion(TOY.withPredictionType(PredictionType.SAMPLE)).trainingTarget(x0, eps, T);
            assertArrayEquals(X0, s.toFloatArray());
            e.close();
            s.close();
            // Closing a target must not close the arrays it was made from.
            assertArrayEquals(X0, x0.toFloatArray());
            assertArrayEquals(EPS, eps.toFloatArray());
        }
    }

    @Test
    void resultLivesWithX0AndIntermediatesAreFreed() {
        try (NDManager home = manager.newSubManager(); NDManager other = manager.newSubManager()) {
            NDArray x0 = home.create(X0, new Shape(2, 1, 1, 2));
            NDArray eps = other.create(EPS, new Shape(2, 1, 1, 2));
            int homeBefore = home.getManagedArrays().size();
            int otherBefore = other.getManagedArrays().size();
            NDArray xt = new ForwardDiffusion(TOY).addNoise(x0, eps, T);
            assertSame(home, xt.getManager());
            assertSame(home, x0.getManager());
            assertSame(other, eps.getManager());
            assertEquals(homeBefore + 1, home.getManagedArrays().size());
            assertEquals(otherBefore, other.getManagedArrays().size());
        }
    }

    @Test
    void inputsLentToACallersStepScopeGoBackToTheirOwner() {
        // The training-step pattern: a per-step sub-manager borrows long-lived arrays with tempAttachAll.
        try (NDManager owner = manager.newSubManager()) {
            NDArray x0 = owner.create(X0, new Shape(2, 1, 1, 2));
            NDArray eps = owner.create(EPS, new Shape(2, 1, 1, 2));
            try (NDManager stepScope = owner.newSubManager()) {
                stepScope.tempAttachAll(x0, eps);
                NDArray xt = new ForwardDiffusion(TOY).addNoise(x0, eps, T);
                assertSame(stepScope, xt.getManager());
                assertSame(stepScope, x0.getManager());
            }
            assertSame(owner, x0.getManager());
            assertSame(owner, eps.getManager());
            assertArrayEquals(X0, x0.toFloatArray());
        }
    }

    @Test
    void timestepArraysOfEitherIntegerTypeAndOneForAllAreAccepted() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x0 = m.create(X0, new Shape(2, 1, 1, 2));
            NDArray eps = m.create(EPS, new Shape(2, 1, 1, 2));
            ForwardDiffusion fd = new ForwardDiffusion(TOY);
            float[] viaInt32 = fd.addNoise(x0, eps, m.create(new int[] {2, 0})).toFloatArray();
            float[] viaLong = fd.addNoise(x0, eps, T).toFloatArray();
            assertArrayEquals(viaLong, viaInt32);
            // One timestep for the whole batch: both items at t = 2.
            float[] shared = fd.addNoise(x0, eps, new long[] {2}).toFloatArray();
            assertArrayEquals(new float[] {0.8f, -0.4f, 0.5f * 0.6f - 0.8f, 3 * 0.6f + 2 * 0.8f}, shared, 1e-6f);
            assertArrayEquals(T, ForwardDiffusion.timestepArray(m, T).toLongArray());
        }
    }

    @Test
    void badInputsAreRejected() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x0 = m.create(X0, new Shape(2, 1, 1, 2));
            NDArray eps = m.create(EPS, new Shape(2, 1, 1, 2));
            ForwardDiffusion fd = new ForwardDiffusion(TOY);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> fd.addNoise(x0, eps, new long[] {4, 0}))
                    .getMessage().contains("timestep 4"));
            assertThrows(IllegalArgumentException.class, () -> fd.addNoise(x0, eps, new long[] {1, 1, 1}));
            assertThrows(IllegalArgumentException.class, () -> fd.addNoise(x0, eps.reshape(4), T));
            assertThrows(IllegalArgumentException.class, () -> fd.addNoise(x0, eps, m.create(new float[] {1, 2})));
        }
    }

    @Test
    void uniformTimestepsAreSeededAndCoverEveryTimestep() {
        ForwardDiffusion fd = new ForwardDiffusion(TOY);
        assertArrayEquals(fd.sampleTimesteps(16, new SplittableRandom(7)),
                fd.sampleTimesteps(16, new SplittableRandom(7)));
        long[] draws = fd.sampleTimesteps(40_000, new SplittableRandom(1));
        int[] counts = new int[4];
        for (long t : draws) {
            counts[(int) t]++;
        }
        for (int t = 0; t < 4; t++) {
            assertEquals(0.25, counts[t] / 40_000.0, 0.01, "frequency of t = " + t);
        }
    }

    @Test
    void weightedTimestepsMustMatchTheSchedule() {
        ForwardDiffusion fd = new ForwardDiffusion(TOY);
        TimestepDistribution late = TimestepDistribution.fromWeights(new double[] {0, 0, 1, 1});
        for (long t : fd.sampleTimesteps(100, late, new SplittableRandom(3))) {
            assertTrue(t == 2 || t == 3, "drew " + t);
        }
        assertThrows(IllegalArgumentException.class,
                () -> fd.sampleTimesteps(1, TimestepDistribution.uniform(1000), new SplittableRandom(3)));
    }
}

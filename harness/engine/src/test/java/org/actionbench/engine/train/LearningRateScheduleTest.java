package org.actionbench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantIsTheBaseRateAtEveryStep() {
        LearningRateSchedule s = LearningRateSchedule.constant();
        assertTrue(s.isConstant());
        assertEquals(2e-4, s.at(0, 100, 2e-4), 0);
        assertEquals(2e-4, s.at(99, 100, 2e-4), 0);
        assertTrue(LearningRateSchedule.warmup(0).isConstant(), "no warm-up steps: a constant rate");
    }

    @Test
    void warmupRisesLinearlyToTheBaseThenStays() {
        LearningRateSchedule s = LearningRateSchedule.warmup(4);
        assertFalse(s.isConstant());
        // Step k of the warm-up uses (k + 1) / 4 of the rate: 1/4, 2/4, 3/4, then the full rate.
        assertEquals(0.25e-3, s.at(0, 10, 1e-3), 1e-18);
        assertEquals(0.5e-3, s.at(1, 10, 1e-3), 1e-18);
        assertEquals(0.75e-3, s.at(2, 10, 1e-3), 1e-18);
        assertEquals(1e-3, s.at(3, 10, 1e-3), 1e-18);
        assertEquals(1e-3, s.at(9, 10, 1e-3), 0);
    }

    @Test
    void cosineFallsFromTheBaseTowardsItsFloor() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1);
        assertEquals(1.0, s.at(0, 100, 1.0), 1e-15, "cos 0 = 1: the full rate");
        assertEquals(0.55, s.at(50, 100, 1.0), 1e-15, "half way: 0.1 + 0.9 · ½");
        // Step 75: cos(3π/4) = −√2/2.
        assertEquals(0.1 + 0.9 * 0.5 * (1 - Math.sqrt(0.5)), s.at(75, 100, 1.0), 1e-15);
        assertTrue(s.at(99, 100, 1.0) > 0.1 && s.at(99, 100, 1.0) < 0.1005, "the last step is just above the floor");
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1.5));
    }
}

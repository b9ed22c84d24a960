package org.actionbench.engine.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassifierFreeGuidanceTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void combineExtrapolatesFromUncondTowardsCond() {
        try (NDManager m = manager.newSubManager(); NDManager other = manager.newSubManager()) {
            NDArray uncond = m.create(new float[] {1, 2});
            NDArray cond = other.create(new float[] {3, -2});
            // 1 + 7.5·(3 − 1) = 16; 2 + 7.5·(−2 − 2) = −28
            NDArray guided = ClassifierFreeGuidance.combine(uncond, cond, 7.5f);
            assertArrayEquals(new float[] {16, -28}, guided.toFloatArray(), 1e-6f);
            assertSame(m, guided.getManager());
            assertArrayEquals(new float[] {3, -2}, ClassifierFreeGuidance.combine(uncond, cond, 1f).toFloatArray());
            assertArrayEquals(new float[] {1, 2}, ClassifierFreeGuidance.combine(uncond, cond, 0f).toFloatArray());
        }
    }

    @Test
    void unconditionalHalfComesFirst() {
        try (NDManager m = manager.newSubManager()) {
            NDArray uncond = m.create(new float[] {1, 2}, new Shape(1, 2));
            NDArray cond = m.create(new float[] {3, -2}, new Shape(1, 2));
            NDArray batched = ClassifierFreeGuidance.batch(uncond, cond);
            assertArrayEquals(new float[] {1, 2, 3, -2}, batched.toFloatArray());
            ClassifierFreeGuidance.Halves h = ClassifierFreeGuidance.split(batched);
            assertArrayEquals(new float[] {1, 2}, h.uncond().toFloatArray());
            assertArrayEquals(new float[] {3, -2}, h.cond().toFloatArray());
            assertEquals(new Shape(1, 2), h.cond().getShape());
            NDArray guided = ClassifierFreeGuidance.guide(batched, 7.5f);
            assertArrayEquals(new float[] {16, -28}, guided.toFloatArray(), 1e-6f);
            assertEquals(new Shape(1, 2), guided.getShape());
        }
    }

    @Test
    void oddBatchesAndShapeMismatchesAreRejected() {
        try (NDManager m = manager.newSubManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> ClassifierFreeGuidance.split(m.create(new float[] {1, 2, 3}, new Shape(3, 1))));
            assertThrows(IllegalArgumentException.class,
                    () -> ClassifierFreeGuidance.combine(m.create(new float[] {1}), m.create(new float[] {1, 2}), 2f));
        }
    }
}

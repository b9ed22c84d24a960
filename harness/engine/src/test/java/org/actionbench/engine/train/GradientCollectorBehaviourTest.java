package org.actionbench.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins what DJL's PyTorch GradientCollector does with {@code .grad} between collectors, which
 * {@link Gradients} is written to be correct under either way.
 */
class GradientCollectorBehaviourTest {

    @Test
    void djlAccumulatesGradientsAcrossCollectors() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            for (int i = 0; i < 2; i++) {
                try (GradientCollector c = m.getEngine().newGradientCollector()) {
                    c.backward(w.mul(w).sum()); // d/dw Σw² = 2w
                }
            }
            // Two backward passes of 2w add up: PyTorch semantics, no zeroing by a new collector. If a DJL
            // upgrade starts zeroing, this fails and the note in Gradients should be updated (the code stays
            // correct).
            assertArrayEquals(new float[] {4f, 8f, 12f}, w.getGradient().toFloatArray());
        }
    }

    @Test
    void computeReturnsEachLossOwnGradientAndClearsTheTensor() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            Map<String, NDArray> trainable = Map.of("w", w);
            Gradients first = Gradients.compute(trainable, m, () -> w.mul(w).sum());
            NDArray three = m.create(3f); // kept alive through backward, unlike mul(3f)'s own scalar
            Gradients second = Gradients.compute(trainable, m, () -> w.mul(three).sum());
            assertEquals(14f, first.loss());
            assertEquals(18f, second.loss());
            assertArrayEquals(new float[] {2f, 4f, 6f}, first.byName().get("w").toFloatArray());
            assertArrayEquals(new float[] {3f, 3f, 3f}, second.byName().get("w").toFloatArray());
            assertArrayEquals(new float[] {0f, 0f, 0f}, w.getGradient().toFloatArray());
        }
    }

    @Test
    void frozenTensorsGetNoGradientAndTrainableOnesMustAskForOne() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray frozen = m.create(new float[] {2f, 5f});
            NDArray w = m.create(new float[] {1f, 1f});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gradients.compute(Map.of("token", w), m, () -> w.mul(frozen).sum()));
            assertTrue(e.getMessage().contains("'token'"), e.getMessage());
            w.setRequiresGradient(true);
            Gradients g = Gradients.compute(Map.of("token", w), m, () -> w.mul(frozen).sum());
            assertArrayEquals(new float[] {2f, 5f}, g.byName().get("token").toFloatArray());
            assertTrue(!frozen.hasGradient());
        }
    }
}

package org.actionbench.baselines.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
    @Test
    void scalesAllGradientsByTheirJointNorm() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> g = new LinkedHashMap<>();
            g.put("a", m.create(new float[] {3, 0}));
            g.put("b", m.create(new float[] {4}));
            // ‖g‖ = 5: scaled by 1 / (5 + 1e-6).
            Map<String, NDArray> clipped = GradientClipping.clipGlobalNorm(g, 1.0);
            double c = 1.0 / (5 + 1e-6);
            assertArrayEquals(new float[] {(float) (3 * c), 0}, clipped.get("a").toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {(float) (4 * c)}, clipped.get("b").toFloatArray(), 1e-7f);
            // Under the limit nothing changes.
            assertArrayEquals(new float[] {3, 0}, GradientClipping.clipGlobalNorm(g, 10).get("a").toFloatArray());
        }
    }
}

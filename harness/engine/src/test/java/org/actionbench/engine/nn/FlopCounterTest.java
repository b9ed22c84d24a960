package org.actionbench.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class FlopCounterTest {

    @Test
    void countsTwoFlopsPerMultiplyAddOfLinearAndConvolution() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear linear = new Linear(3, 2, true);
            Conv2d conv = new Conv2d(2, 3, 3, 1, 1);
            linear.initialize(m, 1);
            conv.initialize(m, 1);
            // 4 rows × 3 inputs × 2 outputs = 24 multiply-adds
            assertEquals(48, FlopCounter.count(() -> linear.forward(m.ones(new Shape(4, 3)))).flops());
            // 3 output channels × 4×4 positions × (2 inputs × 3×3 kernel) = 864 multiply-adds
            assertEquals(1728, FlopCounter.count(() -> conv.forward(m.ones(new Shape(1, 2, 4, 4)))).flops());
            // Nested counters: the outer one includes the inner one's work.
            FlopCounter.Counted<Long> outer = FlopCounter.count(() -> {
                linear.forward(m.ones(new Shape(1, 3)));
                return FlopCounter.count(() -> linear.forward(m.ones(new Shape(2, 3)))).flops();
            });
            assertEquals(24, outer.result());
            assertEquals(36, outer.flops());
        }
    }
}

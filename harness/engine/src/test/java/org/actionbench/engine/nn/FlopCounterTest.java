package org.actionbench.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
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
            assertEquals(0, outer.backwardFlops(), "nothing requires a gradient: no backward work");
        }
    }

    @Test
    void booksOneProductOfBackwardWorkPerOperandThatNeedsAGradient() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear linear = new Linear(3, 2, false);
            linear.initialize(m, 1);
            // 4 rows × 3 inputs × 2 outputs = 24 multiply-adds forward, whatever needs a gradient
            NDArray frozenInput = m.ones(new Shape(4, 3));
            NDArray trainedInput = m.ones(new Shape(4, 3));
            trainedInput.setRequiresGradient(true);
            // only the input trained (a learned token row upstream): its gradient, one product
            FlopCounter.Counted<NDArray> inputOnly = FlopCounter.count(() -> linear.forward(trainedInput));
            assertEquals(48, inputOnly.flops());
            assertEquals(48, inputOnly.backwardFlops());
            // the weight trained too (fine-tuning after a trained input): both gradients, two products
            linear.weight().array().setRequiresGradient(true);
            FlopCounter.Counted<NDArray> both = FlopCounter.count(() -> linear.forward(trainedInput));
            assertEquals(96, both.backwardFlops());
            assertEquals(144, both.totalFlops());
            // the weight alone (fine-tuning the first layer): the weight's gradient only
            assertEquals(48, FlopCounter.count(() -> linear.forward(frozenInput)).backwardFlops());
        }
    }
}

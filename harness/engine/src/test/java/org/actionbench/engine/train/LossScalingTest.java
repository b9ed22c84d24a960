package org.actionbench.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.nn.Functional;
import org.junit.jupiter.api.Test;

/**
 * Loss scaling of a backward pass through float16 ({@link Gradients#compute(Map, NDManager, java.util.function.Supplier,
 * float)}): a float32 tensor read through a float16 product, as token rows are read through a float16 UNet.
 */
class LossScalingTest {

    /** loss = factor · Σ float32(float16(x) · w), so d loss / d x = factor · w exactly when nothing underflows. */
    static Gradients gradient(NDManager m, NDArray x, NDArray w, float factor, float scale) {
        return Gradients.compute(Map.of("x", x), m, () -> {
            NDArray y = Functional.cast(Functional.cast(x, DataType.FLOAT16).mul(w), DataType.FLOAT32);
            return Functional.mulScalar(y.sum(), factor);
        }, scale);
    }

    @Test
    void aGradientBelowFloat16sRangeVanishesUnscaledAndIsExactScaled() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(new float[] {0.5f, -1f, 2f, 3f});
            x.setRequiresGradient(true);
            NDArray w = m.create(new float[] {1f, 2f, -3f, 4f}).toType(DataType.FLOAT16, false);
            float tiny = 0x1p-30f; // below float16's smallest subnormal, 2^-24
            assertEquals(1f, Gradients.lossScaleFor(List.of(x)), "float32 arrays only: no scaling");
            float scale = Gradients.lossScaleFor(List.of(x, w));
            assertEquals(65536f, scale);
            assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, gradient(m, x, w, tiny, 1).byName().get("x").toFloatArray(),
                    0f, "unscaled, the gradient entering float16 rounds to zero");
            // scaled by 2^16 it is 2^-14, float16's smallest normal number; products and unscaling are exact
            assertArrayEquals(new float[] {tiny, 2 * tiny, -3 * tiny, 4 * tiny},
                    gradient(m, x, w, tiny, scale).byName().get("x").toFloatArray());
        }
    }

    @Test
    void anOverflowingScaleIsHalvedUntilTheGradientIsFiniteAndTheLossIsNeverScaled() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(new float[] {0.5f, -1f});
            x.setRequiresGradient(true);
            NDArray w = m.create(new float[] {1000f, -3f}).toType(DataType.FLOAT16, false);
            // 2^16 itself exceeds float16's largest finite 65504; 1000 · 2^6 = 64000 is the first product that fits
            Gradients g = gradient(m, x, w, 1f, 65536f);
            assertArrayEquals(new float[] {1000f, -3f}, g.byName().get("x").toFloatArray());
            assertEquals(0.5f * 1000f + 3f, g.loss());
        }
    }
}

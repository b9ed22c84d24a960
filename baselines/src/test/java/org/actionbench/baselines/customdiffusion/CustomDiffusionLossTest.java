package org.actionbench.baselines.customdiffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Custom Diffusion's loss against a hand computation of the reference's formula. */
class CustomDiffusionLossTest {
    /** Two instance images, two channels, 2 × 2 latents: error value = index + 1 (1 … 16). */
    static float[] errors(int images) {
        float[] e = new float[images * 2 * 2 * 2];
        for (int i = 0; i < e.length; i++) {
            e[i] = i + 1;
        }
        return e;
    }

    /** Image 0 counts at (0,0), (1,0), (1,1); image 1 only at (1,1). */
    static final float[] MASK = {1, 0, 1, 1, 0, 0, 0, 1};

    /**
     * Sums of at most 12 small integers and one division: exact in float32 up to one rounding of the quotient and
     * of the mean, relative 1.2e-7 each; 1e-5 absolute is far above that and far below any formula's difference.
     */
    static final float TOLERANCE = 1e-5f;

    @Test
    void instanceTermSumsChannelsOverTheValidCellsOnly() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray mask = m.create(MASK, new Shape(2, 1, 2, 2));
            float loss = CustomDiffusionLoss.of(m.create(errors(2), new Shape(2, 2, 2, 2)), mask, 1.0).getFloat();
            // Image 0: channel 0 cells (1, 3, 4), channel 1 cells (5, 7, 8): 28 over 3 cells.
            // Image 1: channel 0 cell 12, channel 1 cell 16: 28 over 1 cell. Mean of 28/3 and 28.
            assertEquals((28.0 / 3 + 28.0) / 2, loss, TOLERANCE);

            // Whatever the padded region holds, the loss does not change.
            float[] padded = errors(2);
            for (int i : new int[] {1, 5, 8, 9, 10, 12, 13, 14}) {
                padded[i] = 1000f;
            }
            assertEquals(loss, CustomDiffusionLoss.of(m.create(padded, new Shape(2, 2, 2, 2)), mask, 1.0).getFloat(),
                    TOLERANCE);
        }
    }

    @Test
    void priorTermIsThePlainMeanOfTheClassImagesTimesItsWeight() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray mask = m.create(MASK, new Shape(2, 1, 2, 2));
            NDArray withClasses = m.create(errors(4), new Shape(4, 2, 2, 2));
            double instance = (28.0 / 3 + 28.0) / 2;
            // Class rows hold 17 … 32: mean 24.5.
            assertEquals(instance + 0.5 * 24.5, CustomDiffusionLoss.of(withClasses, mask, 0.5).getFloat(), TOLERANCE);
            assertEquals(instance + 24.5, CustomDiffusionLoss.of(withClasses, mask, 1.0).getFloat(), TOLERANCE);
            assertEquals(instance, CustomDiffusionLoss.of(withClasses, mask, 0.0).getFloat(), TOLERANCE);
        }
    }

    @Test
    void anImageWithNoValidCellContributesNothing() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] mask = {1, 0, 1, 1, 0, 0, 0, 0};
            float loss = CustomDiffusionLoss.of(m.create(errors(2), new Shape(2, 2, 2, 2)),
                    m.create(mask, new Shape(2, 1, 2, 2)), 1.0).getFloat();
            assertEquals(28.0 / 3 / 2, loss, TOLERANCE);
        }
    }
}

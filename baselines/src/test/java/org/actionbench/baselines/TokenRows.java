package org.actionbench.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.pipeline.StableDiffusion;

/** Checks on learned placeholder rows, computed from plain float arrays. */
public final class TokenRows {
    private TokenRows() {
    }

    /** The initializer word's embedding, the mean of its pieces' rows, read from the frozen table. */
    public static float[] initial(StableDiffusion model, String word) {
        int[] ids = model.promptEncoder().tokenizer().encode(word);
        float[] table = model.promptEncoder().textModel().tokenEmbedding().weight().array().toFloatArray();
        int d = (int) model.promptEncoder().textModel().config().hiddenSize();
        float[] out = new float[d];
        for (int c = 0; c < d; c++) {
            double s = 0;
            for (int id : ids) {
                s += table[id * d + c];
            }
            out[c] = (float) (s / ids.length);
        }
        return out;
    }

    /**
     * The artifact holds exactly {@code rows} learned rows of width d (one, or one per layer), each finite
     * and moved away from the initializer's embedding.
     */
    public static void assertRowsLearned(Artifact artifact, StableDiffusion model, String word, long... shape) {
        float[] learned = artifact.tensor("rows").toFloatArray();
        assertTrue(Arrays.equals(shape, artifact.tensor("rows").getShape().getShape()),
                "rows have shape " + artifact.tensor("rows").getShape());
        float[] init = initial(model, word);
        int d = init.length;
        assertEquals(learned.length % d, 0);
        for (int r = 0; r < learned.length / d; r++) {
            boolean moved = false;
            for (int c = 0; c < d; c++) {
                assertTrue(Float.isFinite(learned[r * d + c]));
                moved |= Math.abs(learned[r * d + c] - init[c]) > 1e-7;
            }
            assertTrue(moved, "row " + r + " was not trained");
        }
        assertFalse(model.promptEncoder().tokenizer().placeholders().size() > 0,
                "the shared tokenizer got a placeholder");
    }
}

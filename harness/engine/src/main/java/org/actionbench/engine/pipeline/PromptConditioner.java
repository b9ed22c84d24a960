package org.actionbench.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.unet.Conditioning;

/**
 * Prompts → what the UNet's cross-attention reads. The three forms the compared methods need: plain
 * text, text with learned placeholder rows (Textual Inversion, ReVersion, Custom Diffusion, DreamBooth's
 * identifier is a real token and needs none), and one context per cross-attention layer (P+, ADI).
 */
@FunctionalInterface
public interface PromptConditioner {

    /** The conditioning of {@code prompts} (batch order kept), arrays created in {@code manager}. */
    Conditioning condition(NDManager manager, List<String> prompts);

    static PromptConditioner text(PromptEncoder encoder) {
        return (m, prompts) -> Conditioning.shared(encoder.encode(m, prompts));
    }

    /** Placeholder rows [k, hidden] for the tokenizer's k placeholder vectors. */
    static PromptConditioner withPlaceholders(PromptEncoder encoder, NDArray rows) {
        return (m, prompts) -> Conditioning.shared(encoder.encode(m, prompts, rows));
    }

    /**
     * Per-layer placeholder rows [L, k, hidden]: each prompt is encoded L times, once with each layer's
     * rows, and layer l of the UNet reads the l-th encoding.
     */
    static PromptConditioner perLayer(PromptEncoder encoder, NDArray rows) {
        return (m, prompts) -> {
            NDList perPrompt = new NDList();
            for (String p : prompts) {
                perPrompt.add(encoder.encodePerLayer(m, p, rows)); // [L, T, D]
            }
            NDArray stacked = NDArrays.stack(perPrompt, 1); // [L, B, T, D]
            int layers = (int) stacked.getShape().get(0);
            List<NDArray> contexts = new ArrayList<>(layers);
            for (int l = 0; l < layers; l++) {
                contexts.add(stacked.get(l));
            }
            return Conditioning.perLayer(contexts);
        };
    }
}

package org.actionbench.engine.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.config.ComponentFiles;
import org.actionbench.engine.config.SnapshotLayout;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.weights.StateDictLoader;

/**
 * Text → conditioning: tokenizes prompts to the model length and runs the text encoder. Placeholder
 * tokens of the tokenizer read their embeddings from rows the caller owns (and may train), in the
 * order of their ids: row j belongs to id {@code vocab_size + j}.
 */
public final class PromptEncoder {
    private final ClipTokenizer tokenizer;
    private final ClipTextModel textModel;

    public PromptEncoder(ClipTokenizer tokenizer, ClipTextModel textModel) {
        if (tokenizer.baseVocabSize() != textModel.config().vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.baseVocabSize()
                    + " tokens but text_encoder config vocab_size is " + textModel.config().vocabSize());
        }
        if (tokenizer.maxLength() > textModel.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("tokenizer model_max_length " + tokenizer.maxLength()
                    + " exceeds text_encoder max_position_embeddings " + textModel.config().maxPositionEmbeddings());
        }
        this.tokenizer = tokenizer;
        this.textModel = textModel;
    }

    /**
     * The tokenizer and text encoder of a diffusers snapshot ({@code tokenizer/}, {@code text_encoder/}),
     * weights loaded strictly into {@code manager} (fp16 variants widen to fp32).
     */
    public static PromptEncoder load(Path snapshot, NDManager manager) throws IOException {
        SnapshotLayout layout = SnapshotLayout.of(snapshot);
        ComponentFiles files = layout.textEncoder();
        ClipTextModel model = new ClipTextModel(ClipTextConfig.read(files.config()));
        StateDictLoader.load(model, manager, files.weights());
        return new PromptEncoder(ClipTokenizer.load(snapshot), model);
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public ClipTextModel textModel() {
        return textModel;
    }

    /** [B, maxLength] int64 ids of the prompts as the model receives them. */
    public NDArray ids(NDManager manager, List<String> prompts) {
        int length = tokenizer.maxLength();
        long[] ids = new long[prompts.size() * length];
        for (int b = 0; b < prompts.size(); b++) {
            int[] one = tokenizer.encodeForModel(prompts.get(b));
            for (int t = 0; t < length; t++) {
                ids[b * length + t] = one[t];
            }
        }
        return manager.create(ids, new Shape(prompts.size(), length));
    }

    /** [B, maxLength, hidden] contexts of prompts that use no placeholder. */
    public NDArray encode(NDManager manager, List<String> prompts) {
        NDArray ids = ids(manager, prompts);
        if (ids.gte(tokenizer.baseVocabSize()).any().getBoolean()) {
            throw new IllegalArgumentException("prompts use placeholder tokens but no placeholder rows were given: "
                    + prompts);
        }
        return textModel.forward(ids);
    }

    /**
     * [B, maxLength, hidden] contexts with placeholder rows [k, hidden] (k = placeholder vectors
     * of the tokenizer), or [B, k, hidden] when each prompt has its own rows.
     */
    public NDArray encode(NDManager manager, List<String> prompts, NDArray placeholderRows) {
        int k = tokenizer.vocabSize() - tokenizer.baseVocabSize();
        Shape s = placeholderRows.getShape();
        if (s.get(s.dimension() - 2) != k || s.get(s.dimension() - 1) != textModel.config().hiddenSize()) {
            throw new IllegalArgumentException("placeholder rows of shape " + s + " do not fit " + k
                    + " placeholder vectors of width " + textModel.config().hiddenSize());
        }
        NDArray ids = ids(manager, prompts);
        return textModel.forwardEmbeds(textModel.embedTokens(ids, placeholderRows));
    }

    /**
     * One context per cross-attention layer for one prompt (P+ and ADI learn one token per layer):
     * rows [L, k, hidden] → [L, maxLength, hidden], encoded as a batch of L copies of the prompt.
     */
    public NDArray encodePerLayer(NDManager manager, String prompt, NDArray perLayerRows) {
        int layers = (int) perLayerRows.getShape().get(0);
        return encode(manager, java.util.Collections.nCopies(layers, prompt), perLayerRows);
    }
}

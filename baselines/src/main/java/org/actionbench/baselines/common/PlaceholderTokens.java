package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.nn.StepScope;

/**
 * The learned word of the token-learning methods (Textual Inversion, ReVersion, Custom Diffusion's
 * modifier, P+, ADI): a placeholder added to a private copy of the model's tokenizer, so the shared model
 * is untouched, and read by the text encoder from rows the method owns.
 */
public final class PlaceholderTokens {
    private PlaceholderTokens() {
    }

    /** A prompt encoder over the model's text encoder and a copy of its tokenizer with {@code token} added. */
    public static PromptEncoder encoderWith(StableDiffusion model, String token) {
        ClipTokenizer tokenizer = model.promptEncoder().tokenizer().withoutPlaceholders();
        tokenizer.addPlaceholder(token, 1);
        return new PromptEncoder(tokenizer, model.promptEncoder().textModel());
    }

    /**
     * The initial row [1, hidden]: the embedding of the initializer word, as the scripts copy
     * {@code token_embeds[initializer_token_id]}. They require the word to be one token; a word that the
     * tokenizer splits (likely with the mini model's small vocabulary) starts from the mean of its pieces.
     */
    public static NDArray initialRow(StableDiffusion model, String word, NDManager into) {
        ClipTokenizer tokenizer = model.promptEncoder().tokenizer();
        int[] ids = tokenizer.encode(word);
        if (ids.length == 0) {
            throw new IllegalArgumentException("initializer word '" + word + "' encodes to no tokens");
        }
        long[] longIds = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longIds[i] = ids[i];
        }
        NDArray table = model.promptEncoder().textModel().tokenEmbedding().weight().array();
        // Scoped so the gather's result lands in the scope, not in the model's own manager.
        try (StepScope scope = StepScope.open(into, List.of(table))) {
            NDArray idArray = scope.manager().create(longIds);
            NDArray rows = table.get(new NDIndex("{}", idArray));
            NDArray row = rows.mean(new int[] {0}, true).duplicate();
            row.attach(into);
            return row;
        }
    }

    /** A subject doing the learned action: "An old man" + " " + "&lt;action&gt;". */
    public static String subjectWith(String subject, String words) {
        return (subject.trim() + " " + words.trim()).trim();
    }
}

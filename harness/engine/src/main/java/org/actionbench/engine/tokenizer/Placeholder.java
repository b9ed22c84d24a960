package org.actionbench.engine.tokenizer;

/**
 * A token added for a learned embedding (Textual Inversion, P+, ADI): written in prompts as
 * {@link #token()}, it stands for {@link #vectors()} consecutive ids starting at {@link #firstId()},
 * which are rows appended after the base vocabulary in the text encoder's embedding table.
 */
public record Placeholder(String token, int firstId, int vectors) {

    public Placeholder {
        if (vectors < 1) {
            throw new IllegalArgumentException("placeholder '" + token + "': vectors must be at least 1, got " + vectors);
        }
    }

    /** The ids, in order, that the token expands to in an encoded prompt. */
    public int[] ids() {
        int[] ids = new int[vectors];
        for (int i = 0; i < vectors; i++) {
            ids[i] = firstId + i;
        }
        return ids;
    }

    public int lastId() {
        return firstId + vectors - 1;
    }

    public boolean contains(int id) {
        return id >= firstId && id <= lastId();
    }
}

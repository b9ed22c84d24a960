package org.actionbench.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files the engine tests read from the repository, so a clean clone tests without network or extras. */
public final class TestData {
    private TestData() {
    }

    /**
     * OpenAI's CLIP BPE vocabulary (MIT licence beside it), committed as test data so the tokenizer
     * is checked against the real 49,408-token vocabulary everywhere.
     */
    public static Path clipBpe() {
        Path p = Path.of("src/test/resources/clip/bpe_simple_vocab_16e6.txt.gz");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("test data missing: " + p.toAbsolutePath());
        }
        return p;
    }
}

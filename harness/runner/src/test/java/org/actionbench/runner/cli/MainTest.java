package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainTest {
    /** OpenAI's CLIP vocabulary, committed as the engine's test data. */
    static final Path CLIP_BPE = Path.of("../engine/src/test/resources/clip/bpe_simple_vocab_16e6.txt.gz");

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tokenizePrintsTheModelIdsOnOneLine() {
        assertTrue(Files.isRegularFile(CLIP_BPE), "test data missing: " + CLIP_BPE.toAbsolutePath());
        Result r = run("tokenize", CLIP_BPE.toString(), "a photo of a cat");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(1, lines.length);
        String[] ids = lines[0].trim().split(" ");
        assertEquals(77, ids.length);
        // Published ids of this prompt (CLIP ViT-L/14 tokenizer), then OpenAI's zero padding.
        assertEquals("49406 320 1125 539 320 2368 49407", String.join(" ", java.util.Arrays.copyOf(ids, 7)));
        for (int i = 7; i < 77; i++) {
            assertEquals("0", ids[i]);
        }
    }

    @Test
    void badTokenizerPathIsOneMessageNamingItWithoutStackTrace() {
        Result r = run("tokenize", "/nonexistent/tokenizer", "a cat");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/nonexistent/tokenizer"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void wrongArgumentCountIsUsageError() {
        Result r = run("tokenize", "only-one");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("usage: actionbench tokenize TOKENIZER TEXT"), r.err());
    }

    @Test
    void helpListsCommandsAndUnknownCommandsFail() {
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("tokenize"));
        Result unknown = run("frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("frobnicate"));
        Result planned = run("demo");
        assertEquals(2, planned.code());
        assertTrue(planned.err().contains("not implemented yet"));
        Result commandHelp = run("tokenize", "--help");
        assertEquals(0, commandHelp.code());
        assertTrue(commandHelp.out().contains("bpe_simple_vocab_16e6.txt.gz"));
    }
}

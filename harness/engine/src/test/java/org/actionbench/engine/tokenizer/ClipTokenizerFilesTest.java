package org.actionbench.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny hand-made vocabulary (the 512 byte symbols, two merges, the specials) for BPE rules worked
 * out by hand, and malformed files, each of which must fail with a message naming the file.
 */
class ClipTokenizerFilesTest {
    @TempDir
    Path tmp;

    /** Merges "b c</w>" (rank 0) and "a b" (rank 1): ids 512 "bc</w>", 513 "ab", then 514, 515 the specials. */
    Path tiny(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<String> vocab = new ArrayList<>(ClipTokenizerDirectoryTest.byteSymbolsAsInClip());
        for (String s : ClipTokenizerDirectoryTest.byteSymbolsAsInClip()) {
            vocab.add(s + "</w>");
        }
        vocab.addAll(List.of("bc</w>", "ab", "<|startoftext|>", "<|endoftext|>"));
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        new ObjectMapper().writeValue(dir.resolve("vocab.json").toFile(), ids);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nb c</w>\na b\n");
        return dir;
    }

    @Test
    void bpeAppliesMergesByRankWithTheWordEndMarker() throws IOException {
        ClipTokenizer t = ClipTokenizer.fromDirectory(tiny("ok"));
        // By hand. 'a' = 0x61 is printable byte no. 64, 'b</w>' = 256 + 65, 'c</w>' = 256 + 66.
        // "abc": pairs (a,b) rank 1 and (b,c</w>) rank 0; the lower rank merges first: a + bc</w>.
        assertArrayEquals(new int[] {64, 512}, t.encode("abc"));
        // "ab": the last symbol is "b</w>", and "a b</w>" is no merge.
        assertArrayEquals(new int[] {64, 321}, t.encode("ab"));
        // "abab": a b a b</w>; only the first "a b" merges.
        assertArrayEquals(new int[] {513, 64, 321}, t.encode("abab"));
        // Start and end are found by name.
        assertEquals(514, t.bosId());
        assertEquals(515, t.eosId());
        assertEquals(515, t.padId());
        assertEquals(516, t.vocabSize());
        assertEquals("abab", t.decode(t.encodeForModel("abab")));
    }

    @Test
    void missingVocabJsonIsNamed() throws IOException {
        Path dir = tiny("novocab");
        Files.delete(dir.resolve("vocab.json"));
        assertMessageHas(() -> ClipTokenizer.load(dir), dir.resolve("vocab.json").toString());
        assertMessageHas(() -> ClipTokenizer.fromDirectory(dir), dir.resolve("vocab.json").toString());
    }

    @Test
    void missingMergesTxtIsNamed() throws IOException {
        Path dir = tiny("nomerges");
        Files.delete(dir.resolve("merges.txt"));
        assertMessageHas(() -> ClipTokenizer.load(dir), dir.resolve("merges.txt").toString());
    }

    @Test
    void malformedMergeLineIsNamedWithItsLine() throws IOException {
        Path dir = tiny("badmerge");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nb c</w>\nab\n");
        String message = assertMessageHas(() -> ClipTokenizer.load(dir), dir.resolve("merges.txt").toString());
        assertTrue(message.contains("line 3"), message);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nb c</w> d\n");
        assertMessageHas(() -> ClipTokenizer.load(dir), dir.resolve("merges.txt") + " line 2");
        // A merge whose result the vocabulary lacks.
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nx y\n");
        assertMessageHas(() -> ClipTokenizer.load(dir), "'x y'");
    }

    @Test
    void malformedVocabJsonIsNamed() throws IOException {
        Path dir = tiny("badvocab");
        Path vocab = dir.resolve("vocab.json");
        Files.writeString(vocab, "{\"a\": 0,");
        assertMessageHas(() -> ClipTokenizer.load(dir), vocab.toString());
        Files.writeString(vocab, "{\"a\": 0, \"b\": 5}");
        assertMessageHas(() -> ClipTokenizer.load(dir), vocab + ": token 'b' has id 5");
        Files.writeString(vocab, "[1, 2]");
        assertMessageHas(() -> ClipTokenizer.load(dir), vocab.toString());
        // Contiguous ids but not a byte-level vocabulary.
        Files.writeString(vocab, "{\"a\": 0, \"b\": 1}");
        assertMessageHas(() -> ClipTokenizer.load(dir), vocab + ": byte symbol");
    }

    @Test
    void badSpecialTokensAreNamedWithTheirFile() throws IOException {
        Path dir = tiny("badpad");
        Path map = dir.resolve("special_tokens_map.json");
        Files.writeString(map, "{\"pad_token\": \"<pad>\"}");
        String message = assertMessageHas(() -> ClipTokenizer.load(dir), "pad_token '<pad>'");
        assertTrue(message.contains(map.toString()), message);
        Files.writeString(map, "{\"pad_token\": 7}");
        assertMessageHas(() -> ClipTokenizer.load(dir), map + ": field 'pad_token'");
        Files.writeString(map, "{\"pad_token\": {\"content\": \"!\"}}");
        assertEquals(0, ClipTokenizer.load(dir).padId());
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"model_max_length\": 1}");
        assertMessageHas(() -> ClipTokenizer.load(dir), config + ": field 'model_max_length'");
        Files.writeString(config, "{\"model_max_length\": \"77\"}");
        assertMessageHas(() -> ClipTokenizer.load(dir), config + ": field 'model_max_length'");
    }

    @Test
    void badOpenAiFilesAreNamed() throws IOException {
        Path shortFile = tmp.resolve("short_vocab.txt.gz");
        writeGz(shortFile, "\"bpe_simple_vocab_16e6.txt#version: 0.2\ni n\nt h\n");
        assertMessageHas(() -> ClipTokenizer.load(shortFile), shortFile.toString());

        StringBuilder lines = new StringBuilder("\"bpe_simple_vocab_16e6.txt#version: 0.2\n");
        for (int i = 0; i < 48894; i++) {
            lines.append(i == 3 ? "oops\n" : "i n\n");
        }
        Path badLine = tmp.resolve("bad_line.txt.gz");
        writeGz(badLine, lines.toString());
        assertMessageHas(() -> ClipTokenizer.load(badLine), badLine + " line 5");

        Path notGzip = tmp.resolve("plain.txt.gz");
        Files.writeString(notGzip, "not gzip");
        assertMessageHas(() -> ClipTokenizer.load(notGzip), notGzip.toString());
    }

    @Test
    void unknownPathsAreNamed() throws IOException {
        Path missing = tmp.resolve("nowhere");
        assertMessageHas(() -> ClipTokenizer.load(missing), missing + " does not exist");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertMessageHas(() -> ClipTokenizer.load(empty), empty + " is not a CLIP tokenizer");
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertMessageHas(() -> ClipTokenizer.load(text), text + " is not a CLIP tokenizer");
        assertMessageHas(() -> ClipTokenizer.tokenizeToLine(text, "a cat"), text.toString());
    }

    static void writeGz(Path file, String content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The call fails with a message containing {@code part}; returns the message. */
    static String assertMessageHas(Executable call, String part) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(part),
                "expected the message to contain '" + part + "', got: " + e.getMessage());
        return e.getMessage();
    }
}

package org.actionbench.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.actionbench.engine.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diffusers folder form (vocab.json + merges.txt) against the OpenAI file: the folder is built here
 * from the .gz by plain code written for the test, following the recipe in CLIP's simple_tokenizer.py.
 */
class ClipTokenizerDirectoryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static ClipTokenizer gz;
    static Path bare;
    static Path sd1;
    static Path sd2;

    @BeforeAll
    static void build() throws IOException {
        Path file = TestData.clipBpe();
        gz = ClipTokenizer.fromOpenAiBpe(file);

        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        List<String> merges = lines.subList(1, 1 + 48894);
        List<String> vocab = new ArrayList<>();
        List<String> symbols = byteSymbolsAsInClip();
        vocab.addAll(symbols);
        for (String s : symbols) {
            vocab.add(s + "</w>");
        }
        for (String m : merges) {
            vocab.add(m.replace(" ", ""));
        }
        vocab.add("<|startoftext|>");
        vocab.add("<|endoftext|>");
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }

        bare = Files.createDirectories(tmp.resolve("bare"));
        JSON.writeValue(bare.resolve("vocab.json").toFile(), ids);
        Files.writeString(bare.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges) + "\n");

        // SD 1.x: pad is the end token. SD 2.1-base: special_tokens_map.json says "!" while its
        // tokenizer_config.json still says "<|endoftext|>"; the map wins.
        sd1 = copyOf(bare, "sd1");
        Files.writeString(sd1.resolve("special_tokens_map.json"), """
                {"bos_token": {"content": "<|startoftext|>", "lstrip": false, "normalized": true},
                 "eos_token": {"content": "<|endoftext|>", "lstrip": false, "normalized": true},
                 "pad_token": "<|endoftext|>", "unk_token": "<|endoftext|>"}""");
        sd2 = copyOf(bare, "sd2");
        Files.writeString(sd2.resolve("special_tokens_map.json"), """
                {"bos_token": {"content": "<|startoftext|>", "lstrip": false, "normalized": true},
                 "eos_token": {"content": "<|endoftext|>", "lstrip": false, "normalized": true},
                 "pad_token": "!", "unk_token": {"content": "<|endoftext|>"}}""");
        Files.writeString(sd2.resolve("tokenizer_config.json"), """
                {"model_max_length": 77, "pad_token": "<|endoftext|>", "tokenizer_class": "CLIPTokenizer"}""");
    }

    /** bytes_to_unicode as simple_tokenizer.py lists it: printable bytes as themselves, the rest from U+0100. */
    static List<String> byteSymbolsAsInClip() {
        List<Integer> bytes = new ArrayList<>();
        List<Integer> chars = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            if ((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255)) {
                bytes.add(b);
                chars.add(b);
            }
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!bytes.contains(b)) {
                bytes.add(b);
                chars.add(256 + n++);
            }
        }
        List<String> out = new ArrayList<>();
        for (int c : chars) {
            out.add(String.valueOf((char) c));
        }
        return out;
    }

    static Path copyOf(Path from, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(from.resolve("vocab.json"), dir.resolve("vocab.json"));
        Files.copy(from.resolve("merges.txt"), dir.resolve("merges.txt"));
        return dir;
    }

    static List<String> texts() {
        return ClipTokenizerReferenceTest.published().map(a -> (String) a.get()[0]).toList();
    }

    @Test
    void folderGivesTheSameIdsAsTheGzip() {
        ClipTokenizer folder = ClipTokenizer.fromDirectory(sd2);
        assertEquals(49408, folder.vocabSize());
        for (String text : texts()) {
            // SD 2.x pads with "!" = 0, as clip.tokenize does, so the whole model input is identical.
            assertArrayEquals(gz.encodeForModel(text), folder.encodeForModel(text), text);
        }
    }

    @Test
    void padTokenComesFromSpecialTokensMap() {
        ClipTokenizer v2 = ClipTokenizer.fromDirectory(sd2);
        assertEquals("!", v2.padToken());
        assertEquals(0, v2.padId());
        ClipTokenizer v1 = ClipTokenizer.fromDirectory(sd1);
        assertEquals(49407, v1.padId());
        int[] ids = v1.encodeForModel("a photo of a cat");
        for (int i = 7; i < 77; i++) {
            assertEquals(49407, ids[i]);
        }
        assertEquals(6, v1.eosPosition(ids));
        // Named by no file: HuggingFace's default, the end token.
        assertEquals(49407, ClipTokenizer.fromDirectory(bare).padId());
    }

    @Test
    void modelMaxLengthFromTokenizerConfig() throws IOException {
        Path dir = copyOf(bare, "short");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 16}");
        ClipTokenizer t = ClipTokenizer.fromDirectory(dir);
        assertEquals(16, t.maxLength());
        int[] ids = t.encodeForModel(String.join(" ", Collections.nCopies(200, "cat")));
        assertEquals(16, ids.length);
        assertEquals(49407, ids[15]);
        for (int i = 1; i < 15; i++) {
            assertEquals(2368, ids[i]);
        }
        // HuggingFace writes int(1e30) when no length is set; the text model still has 77 positions.
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 1000000000000000019884624838656}");
        assertEquals(77, ClipTokenizer.fromDirectory(dir).maxLength());
    }

    @Test
    void loadFindsTheTokenizerInsideASnapshot() throws IOException {
        Path snapshot = Files.createDirectories(tmp.resolve("snapshot"));
        Files.writeString(snapshot.resolve("model_index.json"), "{}");
        copyOf(sd2, "snapshot/tokenizer");
        Files.copy(sd2.resolve("special_tokens_map.json"), snapshot.resolve("tokenizer/special_tokens_map.json"));
        ClipTokenizer t = ClipTokenizer.load(snapshot);
        assertEquals(0, t.padId());
        assertArrayEquals(gz.encodeForModel("a photo of a dog"), t.encodeForModel("a photo of a dog"));
        assertEquals("49406 320 1125 539 320 2368 49407" + " 0".repeat(70),
                ClipTokenizer.tokenizeToLine(snapshot, "a photo of a cat"));
        assertEquals("49406 320 1125 539 320 2368 49407" + " 49407".repeat(70),
                ClipTokenizer.tokenizeToLine(sd1, "a photo of a cat"));
    }

    @Test
    void writeToRoundTripsTheGzipForm() throws IOException {
        Path out = tmp.resolve("written");
        gz.writeTo(out);

        // vocab.json by hand: the 188 printable bytes first ('!' = 0), then the moved bytes from byte 0
        // (U+0100 = 188; space, byte 32, is U+0120 'Ġ' = 188 + 32), then all again with "</w>".
        JsonNode vocab = JSON.readTree(out.resolve("vocab.json").toFile());
        assertEquals(49408, vocab.size());
        assertEquals(0, vocab.get("!").asInt());
        assertEquals(188, vocab.get("\u0100").asInt());
        assertEquals(220, vocab.get("\u0120").asInt());
        assertEquals(256, vocab.get("!</w>").asInt());
        assertEquals(320, vocab.get("a</w>").asInt());
        assertEquals(1125, vocab.get("photo</w>").asInt());
        assertEquals(49406, vocab.get("<|startoftext|>").asInt());
        assertEquals(49407, vocab.get("<|endoftext|>").asInt());
        List<String> merges = Files.readAllLines(out.resolve("merges.txt"));
        assertEquals("#version: 0.2", merges.get(0));
        assertEquals("i n", merges.get(1)); // the first merge of the OpenAI file
        assertEquals(1 + 48894, merges.size());
        JsonNode special = JSON.readTree(out.resolve("special_tokens_map.json").toFile());
        assertEquals("!", special.get("pad_token").asText());

        ClipTokenizer back = ClipTokenizer.load(out);
        assertEquals(0, back.padId());
        for (String text : texts()) {
            assertArrayEquals(gz.encodeForModel(text), back.encodeForModel(text), text);
        }
    }

    @Test
    void writeToKeepsPadAndLength() throws IOException {
        Path dir = copyOf(sd1, "sd1-short");
        Files.copy(sd1.resolve("special_tokens_map.json"), dir.resolve("special_tokens_map.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 20}");
        Path out = tmp.resolve("sd1-written");
        ClipTokenizer.fromDirectory(dir).writeTo(out);
        ClipTokenizer back = ClipTokenizer.fromDirectory(out);
        assertEquals(49407, back.padId());
        assertEquals(20, back.maxLength());
        assertTrue(Files.readString(out.resolve("vocab.json")).startsWith("{\"!\":0,"));
    }
}

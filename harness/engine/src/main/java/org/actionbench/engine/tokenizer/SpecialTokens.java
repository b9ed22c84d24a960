package org.actionbench.engine.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actionbench.data.io.AtomicFiles;

/**
 * Start, end and padding tokens and the sequence length, as a diffusers {@code tokenizer/} folder
 * names them. {@code sources} says which file set each field, so errors can name it.
 */
record SpecialTokens(String bos, String eos, String pad, int maxLength, Map<String, Path> sources) {
    static final int DEFAULT_MAX_LENGTH = 77;
    static final String CONFIG = "tokenizer_config.json";
    static final String SPECIAL_MAP = "special_tokens_map.json";

    /** HuggingFace's marker for "no limit set" (int(1e30)); CLIP's text model still has 77 positions. */
    private static final double UNSET_LENGTH = 1e29;

    /** CLIP's own tokens; pad as HuggingFace's CLIP tokenizer defaults it (SD 1.x). */
    static SpecialTokens defaults() {
        return new SpecialTokens(BpeModel.START_OF_TEXT, BpeModel.END_OF_TEXT, BpeModel.END_OF_TEXT,
                DEFAULT_MAX_LENGTH, Map.of());
    }

    /**
     * Reads {@code tokenizer_config.json}, then {@code special_tokens_map.json}, both optional; a
     * token named in the second wins, as in HuggingFace's loader (SD 2.x snapshots rely on this:
     * their special_tokens_map.json says pad "!" whatever the config says).
     */
    static SpecialTokens read(Path dir) {
        String[] tokens = {BpeModel.START_OF_TEXT, BpeModel.END_OF_TEXT, BpeModel.END_OF_TEXT};
        String[] fields = {"bos_token", "eos_token", "pad_token"};
        Map<String, Path> sources = new HashMap<>();
        int maxLength = DEFAULT_MAX_LENGTH;
        for (String name : new String[] {CONFIG, SPECIAL_MAP}) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode root = readJson(file);
            for (int i = 0; i < fields.length; i++) {
                String value = tokenField(file, root, fields[i]);
                if (value != null) {
                    tokens[i] = value;
                    sources.put(fields[i], file);
                }
            }
            if (name.equals(CONFIG) && root.hasNonNull("model_max_length")) {
                maxLength = maxLength(file, root.get("model_max_length"));
                sources.put("model_max_length", file);
            }
        }
        return new SpecialTokens(tokens[0], tokens[1], tokens[2], maxLength, Map.copyOf(sources));
    }

    /** Writes both files in HuggingFace's shape, so diffusers and this class read the same values. */
    void write(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("bos_token", bos);
        map.put("eos_token", eos);
        map.put("pad_token", pad);
        map.put("unk_token", BpeModel.END_OF_TEXT);
        AtomicFiles.write(dir.resolve(SPECIAL_MAP), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(map));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("tokenizer_class", "CLIPTokenizer");
        config.put("model_max_length", maxLength);
        config.put("do_lower_case", true);
        config.putAll(map);
        AtomicFiles.write(dir.resolve(CONFIG), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    }

    /** Where a field came from, for messages: the file, or "default". */
    String source(String field) {
        Path p = sources.get(field);
        return p == null ? "default" : p.toString();
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A token is written either as a string or as an AddedToken object {"content": ..., ...}. */
    private static String tokenField(Path file, JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isObject() && v.path("content").isTextual()) {
            return v.get("content").asText();
        }
        throw new IllegalArgumentException(file + ": field '" + field
                + "' must be a string or an object with a string \"content\", got " + v);
    }

    private static int maxLength(Path file, JsonNode v) {
        if (v.isNumber() && v.asDouble() >= UNSET_LENGTH) {
            return DEFAULT_MAX_LENGTH;
        }
        if (!v.isIntegralNumber() || v.asLong() < 2 || v.asLong() > 65_536) {
            throw new IllegalArgumentException(file + ": field 'model_max_length' must be an integer from 2"
                    + " (start and end token) to 65536, got " + v);
        }
        return v.asInt();
    }
}

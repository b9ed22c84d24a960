package org.actionbench.engine.tokenizer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.actionbench.data.io.AtomicFiles;

/**
 * A byte-level BPE vocabulary with its ranked merges, CLIP style: the last symbol of every word
 * carries the end-of-word marker "&lt;/w&gt;", so "cat" at the end of a word is one token and "cat"
 * inside "category" another.
 */
final class BpeModel {
    static final String END_OF_WORD = "</w>";
    static final String START_OF_TEXT = "<|startoftext|>";
    static final String END_OF_TEXT = "<|endoftext|>";

    /** CLIP keeps 49152 − 256 − 2 merges of the OpenAI file: 48894, lines 1..48894 after the version line. */
    static final int OPENAI_MERGES = 49152 - 256 - 2;

    /** Past this many distinct words the cache is dropped rather than grown without bound. */
    private static final int CACHE_LIMIT = 100_000;

    private final String[] tokens;
    private final Map<String, Integer> ids;
    private final String[][] merges;
    private final Map<String, Integer> ranks;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    private BpeModel(String[] tokens, Map<String, Integer> ids, String[][] merges) {
        this.tokens = tokens;
        this.ids = ids;
        this.merges = merges;
        this.ranks = new HashMap<>(merges.length * 2);
        for (int r = 0; r < merges.length; r++) {
            ranks.put(pairKey(merges[r][0], merges[r][1]), r); // as Python's dict: a later duplicate wins
        }
    }

    // ---------------------------------------------------------------- loading

    /**
     * OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}: a version line, then merges. The vocabulary is
     * not stored; CLIP derives it: the 256 byte symbols, the same with "&lt;/w&gt;", each merge joined,
     * then the two specials (49408 tokens).
     */
    static BpeModel readOpenAiGz(Path file) {
        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            // Python's split('\n') on the decoded file, so a stray '\r' stays part of its line.
            lines = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("missing file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " as a gzip file: " + e.getMessage(), e);
        }
        if (lines.size() < OPENAI_MERGES + 1) {
            throw new IllegalArgumentException(file + ": expected a version line and " + OPENAI_MERGES
                    + " merges, found " + lines.size() + " lines");
        }
        String[][] merges = new String[OPENAI_MERGES][];
        for (int i = 0; i < OPENAI_MERGES; i++) {
            String line = lines.get(i + 1);
            String[] pair = line.trim().split("\\s+");
            if (pair.length != 2 || pair[0].isEmpty()) {
                throw malformedMerge(file, i + 2, line);
            }
            merges[i] = pair;
        }
        List<String> vocab = new ArrayList<>(512 + merges.length + 2);
        vocab.addAll(ByteUnicode.alphabet());
        for (String symbol : ByteUnicode.alphabet()) {
            vocab.add(symbol + END_OF_WORD);
        }
        for (String[] merge : merges) {
            vocab.add(merge[0] + merge[1]);
        }
        vocab.add(START_OF_TEXT);
        vocab.add(END_OF_TEXT);
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        for (int id = 0; id < vocab.size(); id++) {
            ids.put(vocab.get(id), id); // as Python's dict(zip(vocab, range(...))): a later duplicate wins
        }
        return new BpeModel(vocab.toArray(new String[0]), ids, merges);
    }

    /**
     * A vocabulary laid out as CLIP's: the 256 byte symbols, the same with "&lt;/w&gt;", one token per
     * merge (joined), then the two specials.
     */
    static BpeModel fromMerges(List<String[]> merges) {
        List<String> vocab = new ArrayList<>(512 + merges.size() + 2);
        vocab.addAll(ByteUnicode.alphabet());
        for (String symbol : ByteUnicode.alphabet()) {
            vocab.add(symbol + END_OF_WORD);
        }
        for (String[] merge : merges) {
            vocab.add(merge[0] + merge[1]);
        }
        vocab.add(START_OF_TEXT);
        vocab.add(END_OF_TEXT);
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        for (int id = 0; id < vocab.size(); id++) {
            ids.put(vocab.get(id), id);
        }
        return new BpeModel(vocab.toArray(new String[0]), ids, merges.toArray(new String[0][]));
    }

    /** HuggingFace's {@code vocab.json} (token → id) and {@code merges.txt} (optional "#version" line, then "a b" lines). */
    static BpeModel readVocabAndMerges(Path vocabJson, Path mergesTxt) {
        String[] tokens = readVocab(vocabJson);
        Map<String, Integer> ids = new HashMap<>(tokens.length * 2);
        for (int id = 0; id < tokens.length; id++) {
            ids.put(tokens[id], id);
        }
        for (String symbol : ByteUnicode.alphabet()) {
            for (String token : new String[] {symbol, symbol + END_OF_WORD}) {
                if (!ids.containsKey(token)) {
                    throw new IllegalArgumentException(vocabJson + ": byte symbol '" + token
                            + "' (U+" + Integer.toHexString(symbol.charAt(0)).toUpperCase() + ") is missing;"
                            + " not a byte-level CLIP vocabulary");
                }
            }
        }
        String[][] merges = readMerges(mergesTxt);
        for (int i = 0; i < merges.length; i++) {
            String merged = merges[i][0] + merges[i][1];
            if (!ids.containsKey(merged)) {
                throw new IllegalArgumentException(mergesTxt + ": merge '" + merges[i][0] + " " + merges[i][1]
                        + "' makes '" + merged + "', which " + vocabJson.getFileName() + " does not contain");
            }
        }
        return new BpeModel(tokens, ids, merges);
    }

    private static String[] readVocab(Path file) {
        JsonNode root;
        try {
            byte[] bytes = Files.readAllBytes(file);
            root = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(bytes);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("missing file " + file);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object mapping tokens to ids");
        }
        String[] tokens = new String[root.size()];
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            // The text encoder has one embedding row per id, so ids must be exactly 0..n-1.
            if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() >= tokens.length) {
                throw new IllegalArgumentException(file + ": token '" + e.getKey() + "' has id " + v
                        + "; ids must be the integers 0.." + (tokens.length - 1));
            }
            int id = v.asInt();
            if (tokens[id] != null) {
                throw new IllegalArgumentException(file + ": id " + id + " is given to both '" + tokens[id]
                        + "' and '" + e.getKey() + "'");
            }
            tokens[id] = e.getKey();
        }
        return tokens;
    }

    private static String[][] readMerges(Path file) {
        List<String[]> merges = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if ((lineNo == 1 && line.startsWith("#version")) || line.isEmpty()) {
                    continue;
                }
                String[] pair = line.split(" ", -1);
                if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                    throw malformedMerge(file, lineNo, line);
                }
                merges.add(pair);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("missing file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return merges.toArray(new String[0][]);
    }

    private static IllegalArgumentException malformedMerge(Path file, int lineNo, String line) {
        String shown = line.length() > 60 ? line.substring(0, 60) + "…" : line;
        return new IllegalArgumentException(file + " line " + lineNo
                + ": expected a merge of two symbols separated by one space, got '" + shown + "'");
    }

    // ---------------------------------------------------------------- writing

    /** HuggingFace's layout: vocab.json in id order, merges.txt with its version line. */
    void write(Path vocabJson, Path mergesTxt) throws IOException {
        Map<String, Integer> ordered = new LinkedHashMap<>(tokens.length * 2);
        for (int id = 0; id < tokens.length; id++) {
            ordered.put(tokens[id], id);
        }
        AtomicFiles.write(vocabJson, new ObjectMapper().writeValueAsBytes(ordered));
        StringBuilder text = new StringBuilder(merges.length * 12).append("#version: 0.2\n");
        for (String[] m : merges) {
            text.append(m[0]).append(' ').append(m[1]).append('\n');
        }
        AtomicFiles.write(mergesTxt, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- encoding

    int size() {
        return tokens.length;
    }

    String token(int id) {
        return tokens[id];
    }

    /** The id of an exact vocabulary entry, or -1. */
    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /**
     * The token ids of one pre-token whose characters are byte symbols ({@link ByteUnicode#encode}).
     * CLIP's loop: mark the word end, then repeatedly join every occurrence (left to right) of the
     * adjacent pair whose merge has the lowest rank, until no adjacent pair has a merge.
     */
    int[] encodeWord(String symbols) {
        int[] cached = cache.get(symbols);
        if (cached != null) {
            return cached;
        }
        List<String> word = new ArrayList<>(symbols.length());
        for (int i = 0; i < symbols.length() - 1; i++) {
            word.add(String.valueOf(symbols.charAt(i)));
        }
        word.add(symbols.charAt(symbols.length() - 1) + END_OF_WORD);
        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = ranks.get(pairKey(word.get(i), word.get(i + 1)));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); ) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i += 2;
                } else {
                    merged.add(word.get(i));
                    i++;
                }
            }
            word = merged;
        }
        int[] out = new int[word.size()];
        for (int i = 0; i < out.length; i++) {
            Integer id = ids.get(word.get(i));
            if (id == null) {
                // Only possible with a vocabulary that lacks a piece its own merges produce.
                throw new IllegalStateException("BPE produced '" + word.get(i) + "', which is not in the vocabulary");
            }
            out[i] = id;
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(symbols, out);
        return out;
    }

    private static String pairKey(String first, String second) {
        // Byte symbols never include a space (it is moved to U+0120), so a space cannot be ambiguous.
        return first + ' ' + second;
    }
}

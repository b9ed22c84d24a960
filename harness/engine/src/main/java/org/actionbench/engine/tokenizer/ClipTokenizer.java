package org.actionbench.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CLIP's byte-level BPE tokenizer, as used by the text encoders of Stable Diffusion, plus placeholder
 * tokens for learned embeddings.
 *
 * <p>Two on-disk forms give the same ids: a diffusers {@code tokenizer/} folder ({@code vocab.json},
 * {@code merges.txt}, optional {@code special_tokens_map.json} / {@code tokenizer_config.json}), and
 * OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}, from which the vocabulary is derived as CLIP does.
 * They differ only in padding: the folder names its pad token (SD 1.x "&lt;|endoftext|&gt;" = 49407,
 * SD 2.x "!" = 0); for the OpenAI file the pad id is 0, because {@code clip.tokenize} fills its
 * result tensor with zeros and never looks a pad token up.
 *
 * <p>Encoding: {@link ClipText#clean} (NFC, HTML unescape ×2, whitespace, lower case), then
 * placeholders are cut out of the text as whole units (as HuggingFace does with added tokens), the
 * rest is split by CLIP's pre-token pattern and each piece is BPE-encoded from its UTF-8 bytes.
 *
 * <p>{@link #encode} and {@link #encodeForModel} may be called from several threads; adding
 * placeholders while other threads encode is safe but they may not see the new token yet.
 */
public final class ClipTokenizer {
    public static final String START_OF_TEXT = BpeModel.START_OF_TEXT;
    public static final String END_OF_TEXT = BpeModel.END_OF_TEXT;
    public static final int DEFAULT_MAX_LENGTH = SpecialTokens.DEFAULT_MAX_LENGTH;

    private final BpeModel bpe;
    private final SpecialTokens specials;
    private final int bosId;
    private final int eosId;
    private final int padId;
    private volatile Placeholders placeholders = Placeholders.NONE;

    private ClipTokenizer(BpeModel bpe, SpecialTokens specials, int bosId, int eosId, int padId) {
        this.bpe = bpe;
        this.specials = specials;
        this.bosId = bosId;
        this.eosId = eosId;
        this.padId = padId;
    }

    // ---------------------------------------------------------------- loading

    /**
     * Loads whatever {@code path} is: a tokenizer folder (vocab.json + merges.txt), a model snapshot
     * folder with {@code tokenizer/} inside, or OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}.
     */
    public static ClipTokenizer load(Path path) {
        if (Files.isDirectory(path)) {
            if (looksLikeTokenizerFolder(path)) {
                return fromDirectory(path);
            }
            if (Files.isDirectory(path.resolve("tokenizer"))) {
                return fromDirectory(path.resolve("tokenizer"));
            }
        } else if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".gz")) {
            return fromOpenAiBpe(path);
        }
        throw new IllegalArgumentException(path + (Files.exists(path) ? "" : " does not exist; it")
                + " is not a CLIP tokenizer: expected a folder with vocab.json and merges.txt, a model"
                + " snapshot folder with tokenizer/ inside, or OpenAI's bpe_simple_vocab_16e6.txt.gz");
    }

    private static boolean looksLikeTokenizerFolder(Path dir) {
        for (String name : new String[] {"vocab.json", "merges.txt", SpecialTokens.CONFIG, SpecialTokens.SPECIAL_MAP}) {
            if (Files.exists(dir.resolve(name))) {
                return true;
            }
        }
        return false;
    }

    /** A diffusers/HuggingFace tokenizer folder. */
    public static ClipTokenizer fromDirectory(Path dir) {
        Path vocabJson = dir.resolve("vocab.json");
        BpeModel bpe = BpeModel.readVocabAndMerges(vocabJson, dir.resolve("merges.txt"));
        SpecialTokens specials = SpecialTokens.read(dir);
        return new ClipTokenizer(bpe, specials,
                requireToken(bpe, specials.bos(), "bos_token", specials, vocabJson),
                requireToken(bpe, specials.eos(), "eos_token", specials, vocabJson),
                requireToken(bpe, specials.pad(), "pad_token", specials, vocabJson));
    }

    /** OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}; 77 positions, padding with id 0 as {@code clip.tokenize} does. */
    public static ClipTokenizer fromOpenAiBpe(Path gz) {
        BpeModel bpe = BpeModel.readOpenAiGz(gz);
        SpecialTokens specials = new SpecialTokens(START_OF_TEXT, END_OF_TEXT, bpe.token(0),
                DEFAULT_MAX_LENGTH, Map.of());
        return new ClipTokenizer(bpe, specials, bpe.id(START_OF_TEXT), bpe.id(END_OF_TEXT), 0);
    }

    /** A tokenizer over {@code bpe} with CLIP's specials (padding with the end token) and {@code maxLength} positions. */
    static ClipTokenizer of(BpeModel bpe, int maxLength) {
        SpecialTokens specials = new SpecialTokens(START_OF_TEXT, END_OF_TEXT, END_OF_TEXT, maxLength, Map.of());
        return new ClipTokenizer(bpe, specials, bpe.id(START_OF_TEXT), bpe.id(END_OF_TEXT), bpe.id(END_OF_TEXT));
    }

    private static int requireToken(BpeModel bpe, String token, String field, SpecialTokens specials, Path vocabJson) {
        int id = bpe.id(token);
        if (id < 0) {
            throw new IllegalArgumentException(field + " '" + token + "' (" + specials.source(field)
                    + ") is not in " + vocabJson);
        }
        return id;
    }

    /** The ids {@link #encodeForModel} gives for {@code text}, space-separated on one line (the CLI's output). */
    public static String tokenizeToLine(Path tokenizer, String text) {
        return Arrays.stream(load(tokenizer).encodeForModel(text))
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(" "));
    }

    /**
     * Writes the base vocabulary in the diffusers layout: vocab.json, merges.txt,
     * special_tokens_map.json and tokenizer_config.json. Placeholders are not written: their ids only
     * mean something together with the learned embeddings, which the method saves in its artifact.
     */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            bpe.write(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
            specials.write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer to " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- encoding

    /** The token ids of {@code text}, without start, end or padding. */
    public int[] encode(String text) {
        String cleaned = ClipText.clean(text);
        IdBuffer out = new IdBuffer();
        Placeholders table = placeholders;
        if (table.pattern == null) {
            encodePlain(cleaned, out);
            return out.toArray();
        }
        Matcher m = table.pattern.matcher(cleaned);
        int last = 0;
        while (m.find()) {
            encodePlain(cleaned.substring(last, m.start()), out);
            Placeholder p = table.byKey.get(m.group());
            for (int i = 0; i < p.vectors(); i++) {
                out.add(p.firstId() + i);
            }
            last = m.end();
        }
        encodePlain(cleaned.substring(last), out);
        return out.toArray();
    }

    private void encodePlain(String cleaned, IdBuffer out) {
        for (String piece : ClipText.preTokens(cleaned)) {
            // The specials are their own ids, as CLIP seeds its BPE cache with them.
            if (piece.equals(START_OF_TEXT)) {
                out.add(bpe.id(START_OF_TEXT));
            } else if (piece.equals(END_OF_TEXT)) {
                out.add(bpe.id(END_OF_TEXT));
            } else {
                for (int id : bpe.encodeWord(ByteUnicode.encode(piece))) {
                    out.add(id);
                }
            }
        }
    }

    /**
     * Exactly {@link #maxLength()} ids: start, the tokens (cut so that the end token fits), end, then
     * padding. Cutting may split a multi-vector placeholder, as it would in HuggingFace.
     */
    public int[] encodeForModel(String text) {
        int[] tokens = encode(text);
        int max = specials.maxLength();
        int kept = Math.min(tokens.length, max - 2);
        int[] out = new int[max];
        out[0] = bosId;
        System.arraycopy(tokens, 0, out, 1, kept);
        out[kept + 1] = eosId;
        Arrays.fill(out, kept + 2, max, padId);
        return out;
    }

    /**
     * Index of the first end token: the position whose hidden state CLIP pools. Use this, not the
     * arg-max of the ids that older CLIP code uses, which points at a placeholder once one is added.
     */
    public int eosPosition(int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == eosId) {
                return i;
            }
        }
        throw new IllegalArgumentException("no end-of-text token (id " + eosId + ") in the sequence of "
                + ids.length + " ids");
    }

    /**
     * Text of {@code ids}: start and end tokens dropped, padding after the first end token dropped,
     * each end-of-word marker read as a space; a placeholder reads as its token once.
     */
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Placeholders table = placeholders;
        boolean ended = false;
        for (int id : ids) {
            if (id == bosId || id == eosId) {
                ended |= id == eosId;
                continue;
            }
            if (ended && id == padId) {
                continue;
            }
            if (id >= 0 && id < bpe.size()) {
                ByteUnicode.decodeInto(bpe.token(id), bytes);
                continue;
            }
            Placeholder p = table.byId(id);
            if (p == null) {
                throw new IllegalArgumentException("id " + id + " is outside the vocabulary (0.." + (vocabSize() - 1) + ")");
            }
            flush(bytes, text);
            if (id == p.firstId()) {
                text.append(p.token()).append(' ');
            }
        }
        flush(bytes, text);
        return text.toString().strip();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder text) {
        // Malformed UTF-8 (a token sequence cut inside a character) becomes U+FFFD, as in CLIP.
        text.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8).replace(BpeModel.END_OF_WORD, " "));
        bytes.reset();
    }

    // ---------------------------------------------------------------- placeholders

    /**
     * Adds {@code token} for {@code vectors} learned embedding rows and returns their ids, which follow
     * the vocabulary and earlier placeholders in order. In text the token is matched as a unit and
     * case-insensitively, and expands to all its ids (multi-vector Textual Inversion).
     *
     * @throws IllegalArgumentException if the token is blank, contains whitespace, was already added,
     *     or is already a token of the vocabulary (as an exact entry or as a whole word, which would
     *     change how existing prompts tokenize)
     */
    public synchronized int[] addPlaceholder(String token, int vectors) {
        if (vectors < 1) {
            throw new IllegalArgumentException("placeholder '" + token + "': vectors must be at least 1, got " + vectors);
        }
        String key = ClipText.clean(token);
        if (key.isEmpty() || token.codePoints().anyMatch(ClipText::isPythonSpace)) {
            throw new IllegalArgumentException("placeholder '" + token + "': must be non-blank and contain no whitespace");
        }
        Placeholders table = placeholders;
        if (table.byKey.containsKey(key)) {
            throw new IllegalArgumentException("placeholder '" + token + "' is already added (as '"
                    + table.byKey.get(key).token() + "')");
        }
        String symbols = ByteUnicode.encode(key);
        for (String existing : new String[] {token, symbols, symbols + BpeModel.END_OF_WORD}) {
            if (bpe.id(existing) >= 0) {
                throw new IllegalArgumentException("placeholder '" + token + "' is already in the vocabulary as '"
                        + existing + "' (id " + bpe.id(existing) + ")");
            }
        }
        Placeholder p = new Placeholder(token, vocabSize(), vectors);
        placeholders = table.with(key, p);
        return p.ids();
    }

    /**
     * A tokenizer with the same vocabulary and no placeholders, without reading the files again: one
     * loaded base tokenizer can serve every method, each adding its own placeholders to its copy.
     */
    public ClipTokenizer withoutPlaceholders() {
        return new ClipTokenizer(bpe, specials, bosId, eosId, padId);
    }

    /** The placeholders in the order they were added; their ids are the extra embedding rows. */
    public List<Placeholder> placeholders() {
        return placeholders.list;
    }

    // ---------------------------------------------------------------- vocabulary

    /** Ids in use: the base vocabulary plus every placeholder vector. */
    public int vocabSize() {
        Placeholders table = placeholders;
        return table.list.isEmpty() ? bpe.size() : table.list.get(table.list.size() - 1).lastId() + 1;
    }

    /** Size of the vocabulary as loaded (49408 for CLIP): the rows a pretrained text encoder has. */
    public int baseVocabSize() {
        return bpe.size();
    }

    /** The id of an exact vocabulary entry ("cat&lt;/w&gt;", "!") or placeholder token; -1 if none. */
    public int tokenId(String token) {
        int id = bpe.id(token);
        if (id >= 0) {
            return id;
        }
        for (Placeholder p : placeholders.list) {
            if (p.token().equals(token)) {
                return p.firstId();
            }
        }
        return -1;
    }

    /** The vocabulary entry of an id; placeholder vectors after the first read "token_1", "token_2" as in diffusers. */
    public String token(int id) {
        if (id >= 0 && id < bpe.size()) {
            return bpe.token(id);
        }
        Placeholder p = placeholders.byId(id);
        if (p == null) {
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary (0.." + (vocabSize() - 1) + ")");
        }
        return id == p.firstId() ? p.token() : p.token() + "_" + (id - p.firstId());
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    public int padId() {
        return padId;
    }

    public String padToken() {
        return specials.pad();
    }

    /** Length of {@link #encodeForModel} sequences: the text encoder's position count (77). */
    public int maxLength() {
        return specials.maxLength();
    }

    // ---------------------------------------------------------------- helpers

    /** An immutable snapshot of the placeholders, swapped whole so encoding threads need no lock. */
    private static final class Placeholders {
        static final Placeholders NONE = new Placeholders(List.of(), Map.of());

        final List<Placeholder> list;
        final Map<String, Placeholder> byKey;
        final Pattern pattern;

        Placeholders(List<Placeholder> list, Map<String, Placeholder> byKey) {
            this.list = list;
            this.byKey = byKey;
            // Longest first, so that "<jump-high>" wins over "<jump>" where both match.
            this.pattern = byKey.isEmpty() ? null : Pattern.compile(byKey.keySet().stream()
                    .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                    .map(Pattern::quote)
                    .collect(Collectors.joining("|")));
        }

        Placeholders with(String key, Placeholder p) {
            List<Placeholder> l = new ArrayList<>(list);
            l.add(p);
            Map<String, Placeholder> m = new java.util.HashMap<>(byKey);
            m.put(key, p);
            return new Placeholders(List.copyOf(l), Map.copyOf(m));
        }

        Placeholder byId(int id) {
            for (Placeholder p : list) {
                if (p.contains(id)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** A growable int array, to avoid boxing every id of a long prompt. */
    private static final class IdBuffer {
        private int[] ids = new int[32];
        private int size;

        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}

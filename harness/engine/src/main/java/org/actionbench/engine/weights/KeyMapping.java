package org.actionbench.engine.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The history a strict loader accepts, spelled out: rename rules from keys found in older checkpoints to
 * the model's current keys, and keys that are present in files but are not parameters. Anything a mapping
 * does not name stays an error. A key is renamed by the first rule whose pattern matches it entirely.
 */
public record KeyMapping(List<Rename> renames, List<Pattern> ignored) {

    /** {@code pattern} must match a file key entirely; {@code replacement} may use its groups ($1…). */
    public record Rename(Pattern pattern, String replacement) {
        public static Rename of(String regex, String replacement) {
            return new Rename(Pattern.compile(regex), replacement);
        }

        Optional<String> apply(String key) {
            Matcher m = pattern.matcher(key);
            return m.matches() ? Optional.of(m.replaceFirst(replacement)) : Optional.empty();
        }
    }

    public KeyMapping {
        renames = List.copyOf(renames);
        ignored = List.copyOf(ignored);
    }

    /** No history: every file key must be a model key. */
    public static KeyMapping none() {
        return new KeyMapping(List.of(), List.of());
    }

    /**
     * Diffusers before 0.14 saved the VAE's attention block (AttentionBlock) as
     * {@code query/key/value/proj_attn}; current diffusers names the same Linear layers
     * {@code to_q/to_k/to_v/to_out.0}. SD 2.1-base as published carries the old names.
     */
    public static KeyMapping legacyVaeAttention() {
        String prefix = "(.+\\.attentions\\.\\d+)\\.";
        String param = "\\.(weight|bias)";
        return new KeyMapping(List.of(
                Rename.of(prefix + "query" + param, "$1.to_q.$2"),
                Rename.of(prefix + "key" + param, "$1.to_k.$2"),
                Rename.of(prefix + "value" + param, "$1.to_v.$2"),
                Rename.of(prefix + "proj_attn" + param, "$1.to_out.0.$2")), List.of());
    }

    /**
     * Text encoders saved by transformers before 4.31 include the int64 buffer
     * {@code text_model.embeddings.position_ids} ([1, max_positions], 0..n-1); it is recomputed, not loaded.
     */
    public static KeyMapping clipPositionIds() {
        return new KeyMapping(List.of(), List.of(Pattern.compile(Pattern.quote("text_model.embeddings.position_ids"))));
    }

    /** Both mappings' rules, this one's first. */
    public KeyMapping and(KeyMapping other) {
        List<Rename> r = new ArrayList<>(renames);
        r.addAll(other.renames);
        List<Pattern> i = new ArrayList<>(ignored);
        i.addAll(other.ignored);
        return new KeyMapping(r, i);
    }

    public boolean isIgnored(String fileKey) {
        for (Pattern p : ignored) {
            if (p.matcher(fileKey).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The model key for a file key: the first matching rename, or the key itself. */
    public String toModelKey(String fileKey) {
        for (Rename r : renames) {
            Optional<String> renamed = r.apply(fileKey);
            if (renamed.isPresent()) {
                return renamed.get();
            }
        }
        return fileKey;
    }
}

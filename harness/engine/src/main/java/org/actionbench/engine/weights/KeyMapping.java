package org.actionbench.engine.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The history a strict loader accepts, spelled out: rename rules from keys found in older checkpoints to
 * the model's current keys, keys that are present in files but are not parameters, and whole alternative
 * {@link Layout}s. Anything a mapping does not name stays an error. A key is renamed by the first rule whose
 * pattern matches it entirely, the per-key renames before the layouts'.
 */
public record KeyMapping(List<Rename> renames, List<Pattern> ignored, List<Layout> layouts) {

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

    /**
     * Another spelling of a component's whole key set, written by some library version, as opposed to a
     * per-key rename: a snapshot is either entirely in it (every key its renames read) or not at all, so
     * {@link StateDictLoader} refuses a snapshot with keys both in and outside it.
     */
    public record Layout(String name, List<Rename> renames) {
        public Layout {
            renames = List.copyOf(renames);
        }

        Optional<String> toModelKey(String fileKey) {
            for (Rename r : renames) {
                Optional<String> renamed = r.apply(fileKey);
                if (renamed.isPresent()) {
                    return renamed;
                }
            }
            return Optional.empty();
        }
    }

    public KeyMapping {
        renames = List.copyOf(renames);
        ignored = List.copyOf(ignored);
        layouts = List.copyOf(layouts);
    }

    public KeyMapping(List<Rename> renames, List<Pattern> ignored) {
        this(renames, ignored, List.of());
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

    /**
     * transformers 5.6 (huggingface/transformers#44431) flattened {@code CLIPTextModel}: the
     * {@code text_model} submodule is gone and {@code embeddings}, {@code encoder} and {@code final_layer_norm}
     * sit on the model itself, so its {@code state_dict()} keys lack the {@code text_model.} prefix. Its
     * loader strips the prefix from older files ({@code conversion_mapping.py}:
     * {@code "clip_text_model": [PrefixChange(prefix_to_remove="text_model")]}) and {@code save_pretrained}
     * puts it back by default ({@code save_original_format=True} reverts the conversion), so flat files come
     * from {@code save_original_format=False} or from saving the {@code state_dict()} directly (safetensors'
     * {@code save_file}, training scripts). Nothing else changed: the same parameters under the same names,
     * and no {@code position_ids} buffer (non-persistent since transformers 4.31).
     */
    public static KeyMapping clipTextFlatLayout() {
        return new KeyMapping(List.of(), List.of(), List.of(new Layout("the flat layout of transformers >= 5.6",
                List.of(Rename.of("((?:embeddings|encoder|final_layer_norm)\\..+)", "text_model.$1")))));
    }

    /** Both mappings' rules, this one's first. */
    public KeyMapping and(KeyMapping other) {
        List<Rename> r = new ArrayList<>(renames);
        r.addAll(other.renames);
        List<Pattern> i = new ArrayList<>(ignored);
        i.addAll(other.ignored);
        List<Layout> l = new ArrayList<>(layouts);
        l.addAll(other.layouts);
        return new KeyMapping(r, i, l);
    }

    public boolean isIgnored(String fileKey) {
        for (Pattern p : ignored) {
            if (p.matcher(fileKey).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * How a file key is read: its model key (from the first matching rename, else the first matching layout's
     * rename, else the key itself) and the layout it is spelled in, empty for the model's own (which a
     * per-key rename of old names belongs to).
     */
    public record Reading(String modelKey, Optional<Layout> layout) {
    }

    public Reading read(String fileKey) {
        for (Rename r : renames) {
            Optional<String> renamed = r.apply(fileKey);
            if (renamed.isPresent()) {
                return new Reading(renamed.get(), Optional.empty());
            }
        }
        for (Layout l : layouts) {
            Optional<String> renamed = l.toModelKey(fileKey);
            if (renamed.isPresent()) {
                return new Reading(renamed.get(), Optional.of(l));
            }
        }
        return new Reading(fileKey, Optional.empty());
    }

    /** The model key for a file key, as {@link #read} gives it. */
    public String toModelKey(String fileKey) {
        return read(fileKey).modelKey();
    }
}

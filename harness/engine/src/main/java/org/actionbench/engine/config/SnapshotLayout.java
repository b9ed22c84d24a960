package org.actionbench.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a diffusers snapshot keeps each component's files: {@code model_index.json}, then per component
 * folder a config ({@code config.json}, or {@code scheduler_config.json} for the scheduler) and weights.
 * Weights are looked up in diffusers' preference order, full precision first: {@code <base>.safetensors} or
 * shards listed by {@code <base>.safetensors.index.json}, then the fp16 variant
 * {@code <base>.fp16.safetensors} or {@code <base>.safetensors.index.fp16.json}, where {@code <base>} is
 * {@code diffusion_pytorch_model} for diffusers models and {@code model} for transformers ones (the text
 * encoder). Only safetensors are read; a component with only pickled {@code .bin} weights is reported as
 * such. Every missing file is reported with its path.
 */
public final class SnapshotLayout {
    public static final String UNET = "unet";
    public static final String TEXT_ENCODER = "text_encoder";
    public static final String VAE = "vae";
    public static final String CONTROLNET = "controlnet";
    public static final String SCHEDULER = "scheduler";
    public static final String TOKENIZER = "tokenizer";
    private static final List<String> WEIGHT_BASES = List.of("diffusion_pytorch_model", "model");

    private final Path directory;

    private SnapshotLayout(Path directory) {
        this.directory = directory;
    }

    /** A layout over {@code directory}, which must exist; files are checked when asked for. */
    public static SnapshotLayout of(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new ConfigException("model snapshot " + directory + " is not a directory");
        }
        return new SnapshotLayout(directory);
    }

    public Path directory() {
        return directory;
    }

    /** {@code model_index.json}; fails naming the path when it is missing. */
    public Path modelIndex() throws ConfigException {
        return requireFile(directory.resolve("model_index.json"), "the pipeline index");
    }

    public ModelIndex readModelIndex() throws ConfigException {
        return ModelIndex.read(modelIndex());
    }

    /** Whether the snapshot has a folder for {@code component}. */
    public boolean has(String component) {
        return Files.isDirectory(directory.resolve(component));
    }

    public ComponentFiles unet() throws IOException {
        return component(UNET);
    }

    public ComponentFiles textEncoder() throws IOException {
        return component(TEXT_ENCODER);
    }

    public ComponentFiles vae() throws IOException {
        return component(VAE);
    }

    /** The ControlNet, which most snapshots do not have. */
    public Optional<ComponentFiles> controlnet() throws IOException {
        return has(CONTROLNET) ? Optional.of(component(CONTROLNET)) : Optional.empty();
    }

    /** {@code scheduler/scheduler_config.json}. */
    public Path schedulerConfig() throws ConfigException {
        return requireFile(directory.resolve(SCHEDULER).resolve("scheduler_config.json"), "the scheduler config");
    }

    /** {@code tokenizer/vocab.json}. */
    public Path tokenizerVocab() throws ConfigException {
        return requireFile(directory.resolve(TOKENIZER).resolve("vocab.json"), "the tokenizer vocabulary");
    }

    /** {@code tokenizer/merges.txt}. */
    public Path tokenizerMerges() throws ConfigException {
        return requireFile(directory.resolve(TOKENIZER).resolve("merges.txt"), "the tokenizer merges");
    }

    /** A component's {@code config.json} alone (inspecting a snapshot needs no weights). */
    public Path componentConfig(String name) throws ConfigException {
        return requireFile(directory.resolve(name).resolve("config.json"), "the " + name + " config");
    }

    /** The config and weights of a model component folder ({@code unet}, {@code vae}, …). */
    public ComponentFiles component(String name) throws IOException {
        Path dir = directory.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("model snapshot " + directory + ": missing component folder " + dir);
        }
        Path config = componentConfig(name);
        List<Path> tried = new ArrayList<>();
        // Full precision before the fp16 variant, as diffusers loads when no variant is asked for.
        for (String variant : new String[] {null, "fp16"}) {
            String suffix = variant == null ? "" : "." + variant;
            for (String base : WEIGHT_BASES) {
                Path single = dir.resolve(base + suffix + ".safetensors");
                tried.add(single);
                if (Files.isRegularFile(single)) {
                    return new ComponentFiles(name, config, List.of(single), variant);
                }
                Path index = dir.resolve(base + ".safetensors.index" + suffix + ".json");
                tried.add(index);
                if (Files.isRegularFile(index)) {
                    return new ComponentFiles(name, config, shards(index), variant);
                }
            }
        }
        for (String base : WEIGHT_BASES) {
            for (String bin : new String[] {base + ".bin", base + ".fp16.bin"}) {
                if (Files.isRegularFile(dir.resolve(bin))) {
                    throw new ConfigException("model snapshot " + directory + ": component '" + name
                            + "' has only PyTorch pickle weights (" + dir.resolve(bin)
                            + "); convert them to safetensors");
                }
            }
        }
        throw new ConfigException("model snapshot " + directory + ": missing weights for component '" + name
                + "'; none of these exists: " + tried);
    }

    /** The shard files a {@code *.safetensors.index.json} names in its {@code weight_map}, in first-use order. */
    private static List<Path> shards(Path index) throws ConfigException {
        ConfigReader r = ConfigReader.read(index);
        JsonNode map = r.root().get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw r.error("weight_map", "must be a non-empty object of tensor name -> shard file");
        }
        Set<String> files = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) {
                throw r.error("weight_map", "entry '" + e.getKey() + "' must name a shard file, found " + e.getValue());
            }
            files.add(e.getValue().textValue());
        }
        List<Path> out = new ArrayList<>();
        for (String f : files) {
            Path shard = index.resolveSibling(f).normalize();
            if (!shard.getParent().equals(index.getParent().normalize())) {
                throw r.error("weight_map", "shard '" + f + "' must be a file beside the index");
            }
            if (!Files.isRegularFile(shard)) {
                throw new ConfigException(index + ": missing weight shard " + shard);
            }
            out.add(shard);
        }
        return out;
    }

    private Path requireFile(Path file, String what) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("model snapshot " + directory + ": missing " + what + " " + file);
        }
        return file;
    }
}

package org.actionbench.engine.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The files of one snapshot component: its config and its safetensors weights (one file, or the shards
 * listed by a {@code *.safetensors.index.json}). {@code variant} is {@code "fp16"} when the weights are
 * diffusers' fp16 variant, null for full precision.
 */
public record ComponentFiles(String name, Path config, List<Path> weights, String variant) {
    public ComponentFiles {
        weights = List.copyOf(weights);
    }
}

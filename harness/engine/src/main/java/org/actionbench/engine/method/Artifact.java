package org.actionbench.engine.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actionbench.engine.weights.SafetensorsFile;
import org.actionbench.engine.weights.SafetensorsWriter;
import org.actionbench.engine.weights.TensorInfo;

/**
 * What a method learned for one action, saved as one safetensors file in the cell's directory: named
 * tensors (placeholder rows [k, d]; per-layer rows [L, k, d]; fine-tuned UNet tensors under their
 * diffusers keys) and string metadata (the method id under {@code method}, placeholder tokens, …).
 */
public record Artifact(String method, Map<String, NDArray> tensors, Map<String, String> metadata) {
    public static final String METHOD_KEY = "method";

    public Artifact {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (metadata.containsKey(METHOD_KEY) && !metadata.get(METHOD_KEY).equals(method)) {
            throw new IllegalArgumentException("artifact metadata names method '" + metadata.get(METHOD_KEY)
                    + "' but belongs to '" + method + "'");
        }
    }

    /** For methods that learn nothing (Stable Diffusion, ControlNet). */
    public static Artifact empty(String method) {
        return new Artifact(method, Map.of(), Map.of());
    }

    public NDArray tensor(String name) {
        NDArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("artifact of '" + method + "' has no tensor '" + name + "' (has "
                    + tensors.keySet() + ")");
        }
        return a;
    }

    /** Writes the artifact atomically; the method id goes into the metadata. */
    public void save(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(METHOD_KEY, method);
        SafetensorsWriter.write(file, meta, tensors);
    }

    /** Reads an artifact; its tensors are copied into {@code manager}. */
    public static Artifact load(Path file, NDManager manager) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            String method = f.metadata().get(METHOD_KEY);
            if (method == null) {
                throw new IOException(file + ": not a method artifact (no '" + METHOD_KEY + "' in its metadata)");
            }
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (TensorInfo t : f.tensors()) {
                tensors.put(t.name(), f.toNDArray(manager, t.name()));
            }
            return new Artifact(method, tensors, f.metadata());
        }
    }
}

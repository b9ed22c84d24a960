package org.actionbench.engine.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Parameter;

/**
 * Writes a {@link Module}'s parameters as a safetensors checkpoint whose keys are
 * {@link Module#namedParameters()}, i.e. diffusers' keys, so {@link StateDictLoader} and diffusers read it
 * back. Each tensor is converted only when the writer reaches it.
 */
public final class StateDictSaver {
    /** transformers refuses safetensors weights whose metadata lacks {@code format: pt}; diffusers writes it too. */
    public static final Map<String, String> DEFAULT_METADATA = Map.of("format", "pt");

    private StateDictSaver() {
    }

    /** float32 weights with {@link #DEFAULT_METADATA}. */
    public static void save(Module module, Path file) throws IOException {
        save(module, file, DType.F32, Map.of());
    }

    /**
     * Weights stored as {@code floatDType} (F32, or F16 / BF16 rounded to nearest even); {@code metadata}
     * is added to {@link #DEFAULT_METADATA}. Every parameter must have a value.
     */
    public static void save(Module module, Path file, DType floatDType, Map<String, String> metadata)
            throws IOException {
        if (!floatDType.isFloatingPoint()) {
            throw new IllegalArgumentException("weights cannot be stored as " + floatDType);
        }
        Map<String, String> meta = new TreeMap<>(DEFAULT_METADATA);
        meta.putAll(metadata);
        SafetensorsWriter.Builder b = SafetensorsWriter.builder().metadata(meta);
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            if (!p.isSet()) {
                throw new IllegalStateException("cannot save " + file + ": parameter '" + e.getKey()
                        + "' has no value");
            }
            b.add(e.getKey(), floatDType, p.shape().getShape(), TensorPayload.of(p.array(), floatDType));
        }
        b.write(file);
    }
}

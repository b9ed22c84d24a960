package org.actionbench.engine.pipeline;

import ai.djl.ndarray.types.DataType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.actionbench.engine.config.SnapshotLayout;

/**
 * The networks of a {@link StableDiffusion}, the unit of mixed precision: a component that a method trains (any
 * of its parameters, or rows read through it) stays float32, a frozen one may compute in float16.
 */
public enum ModelComponent {
    TEXT_ENCODER(SnapshotLayout.TEXT_ENCODER),
    UNET(SnapshotLayout.UNET),
    VAE(SnapshotLayout.VAE),
    CONTROLNET(SnapshotLayout.CONTROLNET);

    private final String id;

    ModelComponent(String id) {
        this.id = id;
    }

    /** The component's folder name in a diffusers snapshot, used in logs and run.json: {@code text_encoder}. */
    public String id() {
        return id;
    }

    /**
     * Mixed precision as diffusers' training scripts use it: each of the {@code present} components in float16,
     * except the {@code trained} ones, which stay float32 with their optimiser state.
     */
    public static Map<ModelComponent, DataType> halfExcept(Set<ModelComponent> present, Set<ModelComponent> trained) {
        Map<ModelComponent, DataType> out = new EnumMap<>(ModelComponent.class);
        for (ModelComponent c : values()) {
            if (present.contains(c)) {
                out.put(c, trained.contains(c) ? DataType.FLOAT32 : DataType.FLOAT16);
            }
        }
        return out;
    }

    /** "text_encoder fp32, unet fp16, vae fp16": what train.log and run.json record. */
    public static String describe(Map<ModelComponent, DataType> precisions) {
        StringJoiner out = new StringJoiner(", ");
        for (Map.Entry<ModelComponent, DataType> e : precisions.entrySet()) {
            out.add(e.getKey().id() + " " + switch (e.getValue()) {
                case FLOAT32 -> "fp32";
                case FLOAT16 -> "fp16";
                default -> e.getValue().toString();
            });
        }
        return out.toString();
    }
}

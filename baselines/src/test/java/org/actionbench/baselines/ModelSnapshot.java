package org.actionbench.baselines;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.pipeline.StableDiffusion;

/** Every parameter value of a model's components, to tell bit for bit what a training changed. */
public record ModelSnapshot(Map<String, float[]> values) {

    public static ModelSnapshot of(StableDiffusion model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        add(out, "text_encoder.", model.promptEncoder().textModel());
        add(out, "unet.", model.unet());
        add(out, "vae.", model.vae());
        model.controlnet().ifPresent(c -> add(out, "controlnet.", c));
        return new ModelSnapshot(out);
    }

    private static void add(Map<String, float[]> out, String prefix, Module module) {
        module.namedParameters().forEach((k, p) -> out.put(prefix + k, p.array().toFloatArray()));
    }

    /** Keys whose values differ (bitwise) between this and {@code other}. */
    public List<String> changed(ModelSnapshot other) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.values.get(e.getKey()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    public static float[] floats(NDArray a) {
        return a.toFloatArray();
    }
}

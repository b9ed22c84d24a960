package org.actionbench.engine.method;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.TextToImagePipeline;

/**
 * How to sample with a method's artifact: the prompt conditioning (plain, with placeholder rows, or per
 * layer), UNet tensors that replace the frozen ones while sampling (DreamBooth's UNet, Custom Diffusion's
 * cross-attention K and V; keys are the UNet's parameter names), and ControlNet input: either fixed for
 * every sample ({@code control}) or chosen per sample from its seed ({@code controlChoice}); at most one.
 */
public record SamplingSetup(PromptConditioner conditioner, Map<String, NDArray> unetOverrides,
        TextToImagePipeline.Control control, ControlChoice controlChoice) {

    public SamplingSetup {
        unetOverrides = Map.copyOf(unetOverrides);
        if (control != null && controlChoice != null) {
            throw new IllegalArgumentException("a sampling setup has either a fixed control or a per-sample choice");
        }
    }

    public SamplingSetup(PromptConditioner conditioner, Map<String, NDArray> unetOverrides,
            TextToImagePipeline.Control control) {
        this(conditioner, unetOverrides, control, null);
    }

    public static SamplingSetup conditioning(PromptConditioner conditioner) {
        return new SamplingSetup(conditioner, Map.of(), null, null);
    }

    /** The ControlNet input for a batch with these sample seeds (in batch order), or null for none. */
    public TextToImagePipeline.Control controlFor(List<Long> seeds) {
        if (controlChoice == null) {
            return control;
        }
        List<java.awt.image.BufferedImage> images = new ArrayList<>(seeds.size());
        for (long seed : seeds) {
            images.add(controlChoice.image(seed));
        }
        return new TextToImagePipeline.Control(controlChoice.controlnet(), images, controlChoice.scale());
    }

    /** What the control of the sample with this seed was, for its record; null when there is no per-sample choice. */
    public String controlNote(long seed) {
        return controlChoice == null ? null : controlChoice.describe(seed);
    }
}

package org.actionbench.engine.method;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.TextToImagePipeline;

/**
 * How to sample with a method's artifact: the prompt conditioning (plain, with placeholder rows, or per
 * layer), UNet tensors that replace the frozen ones while sampling (DreamBooth's UNet, Custom Diffusion's
 * cross-attention K and V; keys are the UNet's parameter names), and ControlNet input (or null).
 */
public record SamplingSetup(PromptConditioner conditioner, Map<String, NDArray> unetOverrides,
        TextToImagePipeline.Control control) {

    public SamplingSetup {
        unetOverrides = Map.copyOf(unetOverrides);
    }

    public static SamplingSetup conditioning(PromptConditioner conditioner) {
        return new SamplingSetup(conditioner, Map.of(), null);
    }
}

package org.actionbench.mini.model;

import org.actionbench.engine.pipeline.StableDiffusion;

/**
 * Random-weight models for tests and benchmarks of everything above the engine (methods, runner): the
 * classes and file layout of Stable Diffusion at toy size, with the mini world's tokenizer.
 */
public final class TinyModels {
    private TinyModels() {
    }

    /**
     * 32×32 images (8×8 latents), a 2-layer text encoder of width 32, a UNet with four cross-attention
     * layers, a 4× VAE and a ControlNet; {@code save} it to get a snapshot directory.
     */
    public static StableDiffusion random(long seed) {
        return MiniModelSize.TINY.random(seed);
    }
}

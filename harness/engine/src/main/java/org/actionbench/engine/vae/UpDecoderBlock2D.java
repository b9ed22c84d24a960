package org.actionbench.engine.vae;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.blocks.ResnetBlock2D;
import org.actionbench.engine.blocks.Upsample2D;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code UpDecoderBlock2D}: {@code resnets.i} without timestep input (the decoder gives each block
 * one more than {@code layers_per_block}), then (except in the last block) {@code upsamplers.0}: nearest ×2
 * and a 3×3 convolution.
 */
public final class UpDecoderBlock2D extends Module {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final Upsample2D upsampler;

    public UpDecoderBlock2D(long in, long out, int layers, int groups, double eps, boolean addUpsample) {
        ModuleGroup r = child("resnets", new ModuleGroup());
        for (int i = 0; i < layers; i++) {
            resnets.add(r.add(Integer.toString(i), new ResnetBlock2D(i == 0 ? in : out, out, null, groups, eps)));
        }
        upsampler = addUpsample ? child("upsamplers", new ModuleGroup()).add("0", new Upsample2D(out, out)) : null;
    }

    /** x [B, in, H, W] → [B, out, 2H, 2W], or [B, out, H, W] for the last block. */
    public NDArray forward(NDArray x) {
        for (ResnetBlock2D r : resnets) {
            x = r.forward(x);
        }
        return upsampler == null ? x : upsampler.forward(x);
    }
}

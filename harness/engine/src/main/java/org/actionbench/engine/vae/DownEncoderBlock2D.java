package org.actionbench.engine.vae;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.blocks.Downsample2D;
import org.actionbench.engine.blocks.ResnetBlock2D;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code DownEncoderBlock2D}: {@code resnets.i} without timestep input, then (except in the last
 * block) {@code downsamplers.0}, a stride-2 convolution with the VAE's asymmetric (0, 1, 0, 1) padding.
 */
public final class DownEncoderBlock2D extends Module {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final Downsample2D downsampler;

    public DownEncoderBlock2D(long in, long out, int layers, int groups, double eps, boolean addDownsample) {
        ModuleGroup r = child("resnets", new ModuleGroup());
        for (int i = 0; i < layers; i++) {
            resnets.add(r.add(Integer.toString(i), new ResnetBlock2D(i == 0 ? in : out, out, null, groups, eps)));
        }
        // diffusers builds the encoder's downsamplers with padding 0, which means "pad right and bottom by one".
        downsampler = addDownsample
                ? child("downsamplers", new ModuleGroup()).add("0", new Downsample2D(out, out, 0))
                : null;
    }

    /** x [B, in, H, W] → [B, out, H/2, W/2], or [B, out, H, W] for the last block. */
    public NDArray forward(NDArray x) {
        for (ResnetBlock2D r : resnets) {
            x = r.forward(x);
        }
        return downsampler == null ? x : downsampler.forward(x);
    }
}

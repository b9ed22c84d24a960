package org.actionbench.engine.vae;

import ai.djl.ndarray.NDArray;
import org.actionbench.engine.blocks.Attention;
import org.actionbench.engine.blocks.ResnetBlock2D;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code UNetMidBlock2D} as the VAE builds it (one layer, no timestep input): {@code resnets.0},
 * {@code attentions.0}, {@code resnets.1}. The attention is a single head over all channels (diffusers passes
 * {@code attention_head_dim = channels}), with its own group norm and a residual connection; without
 * {@code mid_block_add_attention} it is absent and the two resnets follow each other.
 */
public final class UNetMidBlock2D extends Module {
    private final ResnetBlock2D first;
    private final Attention attention;
    private final ResnetBlock2D second;

    public UNetMidBlock2D(long channels, int groups, double eps, boolean addAttention) {
        ModuleGroup resnets = child("resnets", new ModuleGroup());
        first = resnets.add("0", new ResnetBlock2D(channels, channels, null, groups, eps));
        attention = addAttention
                ? child("attentions", new ModuleGroup()).add("0",
                        Attention.spatial(channels, 1, Math.toIntExact(channels), groups, eps, 1.0))
                : null;
        second = resnets.add("1", new ResnetBlock2D(channels, channels, null, groups, eps));
    }

    /** x [B, C, H, W] → [B, C, H, W]. */
    public NDArray forward(NDArray x) {
        NDArray h = first.forward(x);
        if (attention != null) {
            h = attention.forward(h);
        }
        return second.forward(h);
    }

    /** {@code attentions.0}, or null when the block was built without attention. */
    public Attention attention() {
        return attention;
    }
}

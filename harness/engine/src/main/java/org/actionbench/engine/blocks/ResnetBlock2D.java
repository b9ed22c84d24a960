package org.actionbench.engine.blocks;

import ai.djl.ndarray.NDArray;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.GroupNorm;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Temporaries;

/**
 * diffusers' {@code ResnetBlock2D} as Stable Diffusion's UNet, VAE and ControlNet use it: GroupNorm → SiLU →
 * 3×3 conv, plus the projected timestep embedding added per channel ({@code time_embedding_norm="default"}),
 * GroupNorm → SiLU → 3×3 conv, and a 1×1 {@code conv_shortcut} on the residual when the channel count changes.
 * The VAE's blocks have no timestep input ({@code temb_channels} absent). Dropout is inference-identity and
 * Stable Diffusion trains with 0, so it is omitted.
 */
public final class ResnetBlock2D extends Module {
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear timeEmbProj;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d convShortcut;
    private final double outputScaleFactor;

    /**
     * @param tembChannels width of the timestep embedding, or null for a block without one (the VAE's)
     * @param timeScaleShift diffusers' {@code resnet_time_scale_shift}; only {@code "default"} is built
     */
    public ResnetBlock2D(long in, long out, Integer tembChannels, int groups, double eps,
            double outputScaleFactor, String timeScaleShift) {
        if (!"default".equals(timeScaleShift)) {
            throw new IllegalArgumentException("resnet_time_scale_shift \"" + timeScaleShift
                    + "\" is not supported (only \"default\": the embedding added to the features)");
        }
        norm1 = child("norm1", new GroupNorm(groups, in, eps, true));
        conv1 = child("conv1", new Conv2d(in, out, 3, 1, 1));
        timeEmbProj = tembChannels == null ? null : child("time_emb_proj", new Linear(tembChannels, out, true));
        norm2 = child("norm2", new GroupNorm(groups, out, eps, true));
        conv2 = child("conv2", new Conv2d(out, out, 3, 1, 1));
        convShortcut = in == out ? null : child("conv_shortcut", new Conv2d(in, out, 1, 1, 0));
        this.outputScaleFactor = outputScaleFactor;
    }

    /** A block with diffusers' defaults: output scale 1 and the "default" time-embedding mode. */
    public ResnetBlock2D(long in, long out, Integer tembChannels, int groups, double eps) {
        this(in, out, tembChannels, groups, eps, 1.0, "default");
    }

    /** x [B, in, H, W], temb [B, temb_channels] (null when the block has no time projection) → [B, out, H, W]. */
    public NDArray forward(NDArray x, NDArray temb) {
        NDArray h = normActConv(norm1, conv1, x);
        if (timeEmbProj != null) {
            if (temb == null) {
                throw new IllegalArgumentException("ResnetBlock2D with time_emb_proj needs a timestep embedding");
            }
            NDArray act = Functional.silu(temb);
            NDArray projected = timeEmbProj.forward(act);
            NDArray perChannel = projected.expandDims(-1).expandDims(-1);
            NDArray withTime = h.add(perChannel);
            Temporaries.close(act, projected, perChannel, h);
            h = withTime;
        } else if (temb != null) {
            throw new IllegalArgumentException("ResnetBlock2D without time_emb_proj was given a timestep embedding");
        }
        NDArray h2 = normActConv(norm2, conv2, h);
        Temporaries.close(h);
        NDArray shortcut = convShortcut == null ? x : convShortcut.forward(x);
        NDArray y = shortcut.add(h2);
        Temporaries.close(h2);
        if (shortcut != x) {
            Temporaries.close(shortcut);
        }
        if (outputScaleFactor == 1.0) {
            return y;
        }
        NDArray scaled = Functional.mulScalar(y, (float) (1.0 / outputScaleFactor));
        Temporaries.close(y);
        return scaled;
    }

    /** conv(silu(norm(x))), freeing the intermediates as soon as they are consumed. */
    private static NDArray normActConv(GroupNorm norm, Conv2d conv, NDArray x) {
        NDArray normed = norm.forward(x);
        NDArray act = Functional.silu(normed);
        Temporaries.close(normed);
        NDArray y = conv.forward(act);
        Temporaries.close(act);
        return y;
    }

    /** The block of a model without timestep conditioning (the VAE). */
    public NDArray forward(NDArray x) {
        return forward(x, null);
    }

    public boolean hasShortcut() {
        return convShortcut != null;
    }
}

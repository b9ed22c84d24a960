package org.actionbench.engine.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.Module;

/**
 * diffusers' {@code Downsample2D} with a convolution: 3×3, stride 2, parameter {@code conv}. The UNet pads
 * symmetrically by {@code downsample_padding} (1); the VAE passes padding 0, and diffusers then pads the
 * input by one zero row at the bottom and one column at the right before the convolution, so odd kernels
 * still see the last row and column.
 */
public final class Downsample2D extends Module {
    private final Conv2d conv;
    private final int padding;

    public Downsample2D(long channels, long outChannels, int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("Downsample2D padding must not be negative, found " + padding);
        }
        this.conv = child("conv", new Conv2d(channels, outChannels, 3, 2, padding));
        this.padding = padding;
    }

    /** x [B, C, H, W] → [B, out, H/2, W/2] (rounded as the convolution rounds). */
    public NDArray forward(NDArray x) {
        if (padding == 0) {
            x = padBottomRight(x);
        }
        return conv.forward(x);
    }

    /** Zero-pads (left 0, right 1, top 0, bottom 1) by concatenation, which autograd differentiates. */
    static NDArray padBottomRight(NDArray x) {
        Shape s = x.getShape();
        NDArray column = x.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2), 1), x.getDataType());
        NDArray wide = NDArrays.concat(new ai.djl.ndarray.NDList(x, column), 3);
        NDArray row = x.getManager().zeros(new Shape(s.get(0), s.get(1), 1, s.get(3) + 1), x.getDataType());
        return NDArrays.concat(new ai.djl.ndarray.NDList(wide, row), 2);
    }
}

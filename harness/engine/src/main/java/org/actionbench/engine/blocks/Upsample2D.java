package org.actionbench.engine.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.Module;

/**
 * diffusers' {@code Upsample2D} with a convolution: nearest-neighbour ×2 (each pixel becomes a 2×2 block),
 * then a 3×3 convolution with padding 1, parameter {@code conv}.
 */
public final class Upsample2D extends Module {
    private final Conv2d conv;

    public Upsample2D(long channels, long outChannels) {
        this.conv = child("conv", new Conv2d(channels, outChannels, 3, 1, 1));
    }

    /** x [B, C, H, W] → [B, out, 2H, 2W]. */
    public NDArray forward(NDArray x) {
        return conv.forward(nearest2x(x));
    }

    /**
     * Nearest ×2 as a broadcast of a [B, C, H, 1, W, 1] view to [B, C, H, 2, W, 2]: autograd sums the
     * gradient of each 2×2 block back into its source pixel.
     */
    public static NDArray nearest2x(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, h, 1, w, 1).broadcast(b, c, h, 2, w, 2).reshape(b, c, 2 * h, 2 * w);
    }
}

package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.actionbench.engine.nn.Module;

/**
 * One block of the up path ({@code up_blocks.i}): an {@link UpBlock2D} or a {@link CrossAttnUpBlock2D}. Up block
 * i mirrors down block n − 1 − i and has one more resnet than it has layers; each resnet takes the running
 * features concatenated (on channels) with the latest unused skip.
 */
public abstract class UpBlock extends Module {

    /**
     * x [B, C, H, W]; {@code skips}: this block's {@link #resnetCount()} skips in the order the down path
     * produced them (the last is used first) → the block's output.
     */
    public abstract NDArray forward(NDArray x, List<NDArray> skips, NDArray temb, Conditioning context);

    public abstract int resnetCount();

    public static UpBlock create(BlockConfig config, int index) {
        return config.upHasCrossAttention(index) ? new CrossAttnUpBlock2D(config, index)
                : new UpBlock2D(config, index);
    }

    /** Channels of resnet j of up block i: [input (running features + skip), output], as diffusers builds them. */
    static long[] resnetChannels(BlockConfig c, int index, int j, int resnets) {
        int n = c.blocks();
        int d = n - 1 - index;
        long out = c.blockOutChannels().get(d);
        long prevOut = c.blockOutChannels().get(index == 0 ? n - 1 : d + 1);
        long input = c.blockOutChannels().get(Math.max(d - 1, 0));
        long skip = j == resnets - 1 ? input : out;
        long running = j == 0 ? prevOut : out;
        return new long[] {running + skip, out};
    }

    static void checkSkips(List<NDArray> skips, int expected) {
        if (skips.size() != expected) {
            throw new IllegalArgumentException("up block needs " + expected + " skip tensors, got " + skips.size());
        }
    }
}

package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.actionbench.engine.config.ControlNetConfig;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.nn.Module;

/**
 * One block of the down path ({@code down_blocks.i}), shared by the UNet and the ControlNet: a
 * {@link CrossAttnDownBlock2D} or a {@link DownBlock2D}, as diffusers' {@code get_down_block} chooses from
 * {@code down_block_types}.
 */
public abstract class DownBlock extends Module {

    /** The block's output and the skip tensors it hands to the up path, in order. */
    public record Output(NDArray hidden, List<NDArray> skips) {
        public Output {
            skips = List.copyOf(skips);
        }
    }

    /** x [B, C_in, H, W], temb [B, time_embed_dim] → output and skips. */
    public abstract Output forward(NDArray x, NDArray temb, Conditioning context);

    /** Number of skip tensors: one per resnet, plus one for the downsampler. */
    public abstract int skips();

    /** Down block {@code index} of the model {@code config} describes. */
    public static DownBlock create(BlockConfig config, int index) {
        return config.downHasCrossAttention(index) ? new CrossAttnDownBlock2D(config, index)
                : new DownBlock2D(config, index);
    }

    public static DownBlock create(UNetConfig config, int index) {
        return create(BlockConfig.of(config), index);
    }

    public static DownBlock create(ControlNetConfig config, int index) {
        return create(BlockConfig.of(config), index);
    }

    static long inChannels(BlockConfig c, int index) {
        return c.blockOutChannels().get(index == 0 ? 0 : index - 1);
    }
}

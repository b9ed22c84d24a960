package org.actionbench.engine.vae;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.config.VaeConfig;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.GroupNorm;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * The VAE encoder (diffusers' {@code Encoder} with {@code double_z}): {@code conv_in}, one
 * {@link DownEncoderBlock2D} per entry of {@code block_out_channels}, the {@link UNetMidBlock2D},
 * {@code conv_norm_out}, SiLU, and {@code conv_out} to the mean and log-variance channels (2 · latent).
 */
public final class Encoder extends Module {
    private final Conv2d convIn;
    private final List<DownEncoderBlock2D> downBlocks = new ArrayList<>();
    private final UNetMidBlock2D midBlock;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    public Encoder(VaeConfig config) {
        List<Integer> channels = config.blockOutChannels();
        int groups = config.normNumGroups();
        convIn = child("conv_in", new Conv2d(config.inChannels(), channels.get(0), 3, 1, 1));
        ModuleGroup blocks = child("down_blocks", new ModuleGroup());
        int out = channels.get(0);
        for (int i = 0; i < channels.size(); i++) {
            int in = out;
            out = channels.get(i);
            downBlocks.add(blocks.add(Integer.toString(i), new DownEncoderBlock2D(in, out, config.layersPerBlock(),
                    groups, AutoencoderKL.NORM_EPS, i < channels.size() - 1)));
        }
        midBlock = child("mid_block", new UNetMidBlock2D(out, groups, AutoencoderKL.NORM_EPS,
                config.midBlockAddAttention()));
        convNormOut = child("conv_norm_out", new GroupNorm(groups, out, AutoencoderKL.NORM_EPS, true));
        convOut = child("conv_out", new Conv2d(out, 2L * config.latentChannels(), 3, 1, 1));
    }

    /** images [B, in_channels, H, W] → moments [B, 2·latent, H/f, W/f] before {@code quant_conv}. */
    public NDArray forward(NDArray x) {
        NDArray h = convIn.forward(x);
        for (DownEncoderBlock2D b : downBlocks) {
            h = b.forward(h);
        }
        h = midBlock.forward(h);
        return convOut.forward(Functional.silu(convNormOut.forward(h)));
    }

    public UNetMidBlock2D midBlock() {
        return midBlock;
    }
}

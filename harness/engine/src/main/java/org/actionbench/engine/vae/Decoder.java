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
 * The VAE decoder (diffusers' {@code Decoder}): {@code conv_in} from the latent channels to the widest
 * channels, the {@link UNetMidBlock2D}, one {@link UpDecoderBlock2D} per entry of {@code block_out_channels}
 * in reverse order (each with {@code layers_per_block + 1} resnets), {@code conv_norm_out}, SiLU and
 * {@code conv_out} to the image channels.
 */
public final class Decoder extends Module {
    private final Conv2d convIn;
    private final UNetMidBlock2D midBlock;
    private final List<UpDecoderBlock2D> upBlocks = new ArrayList<>();
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    public Decoder(VaeConfig config) {
        List<Integer> channels = config.blockOutChannels();
        int groups = config.normNumGroups();
        int widest = channels.get(channels.size() - 1);
        convIn = child("conv_in", new Conv2d(config.latentChannels(), widest, 3, 1, 1));
        midBlock = child("mid_block", new UNetMidBlock2D(widest, groups, AutoencoderKL.NORM_EPS,
                config.midBlockAddAttention()));
        ModuleGroup blocks = child("up_blocks", new ModuleGroup());
        int out = widest;
        for (int i = 0; i < channels.size(); i++) {
            int in = out;
            out = channels.get(channels.size() - 1 - i);
            upBlocks.add(blocks.add(Integer.toString(i), new UpDecoderBlock2D(in, out, config.layersPerBlock() + 1,
                    groups, AutoencoderKL.NORM_EPS, i < channels.size() - 1)));
        }
        convNormOut = child("conv_norm_out", new GroupNorm(groups, out, AutoencoderKL.NORM_EPS, true));
        convOut = child("conv_out", new Conv2d(out, config.outChannels(), 3, 1, 1));
    }

    /** latents [B, latent, h, w] after {@code post_quant_conv} → images [B, out_channels, h·f, w·f]. */
    public NDArray forward(NDArray z) {
        NDArray h = midBlock.forward(convIn.forward(z));
        for (UpDecoderBlock2D b : upBlocks) {
            h = b.forward(h);
        }
        return convOut.forward(Functional.silu(convNormOut.forward(h)));
    }

    public UNetMidBlock2D midBlock() {
        return midBlock;
    }
}

package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.actionbench.engine.blocks.ResnetBlock2D;
import org.actionbench.engine.config.ControlNetConfig;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code UNetMidBlock2DCrossAttn} at the bottom of the UNet (and of a ControlNet): {@code resnets.0},
 * {@code attentions.0}, {@code resnets.1} on the last block's channels, heads from the last entry of
 * {@code attention_head_dim}, resnets scaled by {@code mid_block_scale_factor}.
 */
public final class UNetMidBlock2DCrossAttn extends Module {
    private final Transformer2DModel attention;
    private final ResnetBlock2D resnet0;
    private final ResnetBlock2D resnet1;
    private final int firstLayer;

    public UNetMidBlock2DCrossAttn(BlockConfig c) {
        int last = c.blocks() - 1;
        long ch = c.blockOutChannels().get(last);
        int heads = c.heads().get(last);
        firstLayer = c.firstMidLayer();
        attention = child("attentions", new ModuleGroup()).add("0", new Transformer2DModel(heads, (int) (ch / heads),
                ch, c.transformerLayersPerBlock().get(last), c.crossAttentionDim().get(last), c.normNumGroups(),
                c.useLinearProjection()));
        ModuleGroup resnets = child("resnets", new ModuleGroup());
        resnet0 = resnets.add("0", new ResnetBlock2D(ch, ch, c.timeEmbedDim(), c.normNumGroups(), c.normEps(),
                c.midBlockScaleFactor(), c.resnetTimeScaleShift()));
        resnet1 = resnets.add("1", new ResnetBlock2D(ch, ch, c.timeEmbedDim(), c.normNumGroups(), c.normEps(),
                c.midBlockScaleFactor(), c.resnetTimeScaleShift()));
    }

    public UNetMidBlock2DCrossAttn(UNetConfig config) {
        this(BlockConfig.of(config));
    }

    public UNetMidBlock2DCrossAttn(ControlNetConfig config) {
        this(BlockConfig.of(config));
    }

    public NDArray forward(NDArray x, NDArray temb, Conditioning context) {
        x = resnet0.forward(x, temb);
        x = attention.forward(x, context, firstLayer);
        return resnet1.forward(x, temb);
    }

    public List<Transformer2DModel> attentions() {
        return List.of(attention);
    }
}

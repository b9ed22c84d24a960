package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.blocks.Downsample2D;
import org.actionbench.engine.blocks.ResnetBlock2D;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code DownBlock2D}: {@code layers_per_block} resnets ({@code resnets.j}), then a stride-2
 * {@code downsamplers.0} except in the last block. Every resnet output and the downsampled map are skips.
 */
public final class DownBlock2D extends DownBlock {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final Downsample2D downsampler;

    public DownBlock2D(BlockConfig c, int index) {
        long out = c.blockOutChannels().get(index);
        ModuleGroup list = child("resnets", new ModuleGroup());
        for (int j = 0; j < c.layersPerBlock().get(index); j++) {
            long in = j == 0 ? inChannels(c, index) : out;
            resnets.add(list.add(Integer.toString(j), new ResnetBlock2D(in, out, c.timeEmbedDim(),
                    c.normNumGroups(), c.normEps(), 1.0, c.resnetTimeScaleShift())));
        }
        downsampler = index == c.blocks() - 1 ? null : child("downsamplers", new ModuleGroup())
                .add("0", new Downsample2D(out, out, c.downsamplePadding()));
    }

    @Override
    public Output forward(NDArray x, NDArray temb, Conditioning context) {
        List<NDArray> skips = new ArrayList<>();
        for (ResnetBlock2D r : resnets) {
            x = r.forward(x, temb);
            skips.add(x);
        }
        if (downsampler != null) {
            x = downsampler.forward(x);
            skips.add(x);
        }
        return new Output(x, skips);
    }

    @Override
    public int skips() {
        return resnets.size() + (downsampler == null ? 0 : 1);
    }
}

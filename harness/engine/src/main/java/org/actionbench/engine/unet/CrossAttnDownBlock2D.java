package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.actionbench.engine.blocks.Downsample2D;
import org.actionbench.engine.blocks.ResnetBlock2D;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code CrossAttnDownBlock2D}: {@code layers_per_block} pairs of a resnet ({@code resnets.j}) and
 * a {@link Transformer2DModel} ({@code attentions.j}, heads from {@code attention_head_dim} as diffusers reads
 * it, head size channels / heads), then {@code downsamplers.0} except in the last block. Each pair's output
 * and the downsampled map are skips.
 */
public final class CrossAttnDownBlock2D extends DownBlock {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final List<Transformer2DModel> attentions = new ArrayList<>();
    private final Downsample2D downsampler;
    private final int firstLayer;

    public CrossAttnDownBlock2D(BlockConfig c, int index) {
        long out = c.blockOutChannels().get(index);
        int heads = c.heads().get(index);
        firstLayer = c.firstDownLayer(index);
        // diffusers registers the attentions before the resnets; the checkpoint's key order follows.
        ModuleGroup attentionList = child("attentions", new ModuleGroup());
        ModuleGroup resnetList = child("resnets", new ModuleGroup());
        for (int j = 0; j < c.layersPerBlock().get(index); j++) {
            long in = j == 0 ? inChannels(c, index) : out;
            resnets.add(resnetList.add(Integer.toString(j), new ResnetBlock2D(in, out, c.timeEmbedDim(),
                    c.normNumGroups(), c.normEps(), 1.0, c.resnetTimeScaleShift())));
            attentions.add(attentionList.add(Integer.toString(j), new Transformer2DModel(heads,
                    (int) (out / heads), out, c.transformerLayersPerBlock().get(index),
                    c.crossAttentionDim().get(index), c.normNumGroups(), c.useLinearProjection())));
        }
        downsampler = index == c.blocks() - 1 ? null : child("downsamplers", new ModuleGroup())
                .add("0", new Downsample2D(out, out, c.downsamplePadding()));
    }

    @Override
    public Output forward(NDArray x, NDArray temb, Conditioning context) {
        List<NDArray> skips = new ArrayList<>();
        int layer = firstLayer;
        for (int j = 0; j < resnets.size(); j++) {
            x = resnets.get(j).forward(x, temb);
            Transformer2DModel a = attentions.get(j);
            x = a.forward(x, context, layer);
            layer += a.transformerBlocks().size();
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

    public List<Transformer2DModel> attentions() {
        return Collections.unmodifiableList(attentions);
    }
}

package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.actionbench.engine.blocks.ResnetBlock2D;
import org.actionbench.engine.blocks.Upsample2D;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code CrossAttnUpBlock2D}: pairs of a resnet over [features, skip] and a {@link Transformer2DModel}
 * (heads from the reversed {@code attention_head_dim} list), then {@code upsamplers.0} except in the last block.
 */
public final class CrossAttnUpBlock2D extends UpBlock {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final List<Transformer2DModel> attentions = new ArrayList<>();
    private final Upsample2D upsampler;
    private final int firstLayer;

    public CrossAttnUpBlock2D(BlockConfig c, int index) {
        int d = c.blocks() - 1 - index;
        int n = c.layersPerBlock().get(d) + 1;
        int heads = c.heads().get(d);
        long out = c.blockOutChannels().get(d);
        firstLayer = c.firstUpLayer(index);
        ModuleGroup attentionList = child("attentions", new ModuleGroup());
        ModuleGroup resnetList = child("resnets", new ModuleGroup());
        for (int j = 0; j < n; j++) {
            long[] ch = resnetChannels(c, index, j, n);
            resnets.add(resnetList.add(Integer.toString(j), new ResnetBlock2D(ch[0], ch[1], c.timeEmbedDim(),
                    c.normNumGroups(), c.normEps(), 1.0, c.resnetTimeScaleShift())));
            attentions.add(attentionList.add(Integer.toString(j), new Transformer2DModel(heads, (int) (out / heads),
                    out, c.transformerLayersPerBlock().get(d), c.crossAttentionDim().get(d), c.normNumGroups(),
                    c.useLinearProjection())));
        }
        upsampler = index == c.blocks() - 1 ? null
                : child("upsamplers", new ModuleGroup()).add("0", new Upsample2D(out, out));
    }

    @Override
    public NDArray forward(NDArray x, List<NDArray> skips, NDArray temb, Conditioning context) {
        checkSkips(skips, resnets.size());
        int layer = firstLayer;
        for (int j = 0; j < resnets.size(); j++) {
            NDArray skip = skips.get(skips.size() - 1 - j);
            x = resnets.get(j).forward(NDArrays.concat(new NDList(x, skip), 1), temb);
            Transformer2DModel a = attentions.get(j);
            x = a.forward(x, context, layer);
            layer += a.transformerBlocks().size();
        }
        return upsampler == null ? x : upsampler.forward(x);
    }

    @Override
    public int resnetCount() {
        return resnets.size();
    }

    public List<Transformer2DModel> attentions() {
        return Collections.unmodifiableList(attentions);
    }
}

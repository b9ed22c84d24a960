package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.blocks.ResnetBlock2D;
import org.actionbench.engine.blocks.Upsample2D;
import org.actionbench.engine.nn.ModuleGroup;

/** diffusers' {@code UpBlock2D}: resnets over [features, skip], then {@code upsamplers.0} except in the last block. */
public final class UpBlock2D extends UpBlock {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final Upsample2D upsampler;

    public UpBlock2D(BlockConfig c, int index) {
        int n = c.layersPerBlock().get(c.blocks() - 1 - index) + 1;
        ModuleGroup list = child("resnets", new ModuleGroup());
        long out = 0;
        for (int j = 0; j < n; j++) {
            long[] ch = resnetChannels(c, index, j, n);
            out = ch[1];
            resnets.add(list.add(Integer.toString(j), new ResnetBlock2D(ch[0], ch[1], c.timeEmbedDim(),
                    c.normNumGroups(), c.normEps(), 1.0, c.resnetTimeScaleShift())));
        }
        upsampler = index == c.blocks() - 1 ? null
                : child("upsamplers", new ModuleGroup()).add("0", new Upsample2D(out, out));
    }

    @Override
    public NDArray forward(NDArray x, List<NDArray> skips, NDArray temb, Conditioning context) {
        checkSkips(skips, resnets.size());
        for (int j = 0; j < resnets.size(); j++) {
            NDArray skip = skips.get(skips.size() - 1 - j);
            x = resnets.get(j).forward(NDArrays.concat(new NDList(x, skip), 1), temb);
        }
        return upsampler == null ? x : upsampler.forward(x);
    }

    @Override
    public int resnetCount() {
        return resnets.size();
    }
}

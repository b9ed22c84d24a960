package org.actionbench.engine.controlnet;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.Init;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code ControlNetConditioningEmbedding}: the pixel-space conditioning image down to the latent
 * grid. {@code conv_in} (3×3) to the first of {@code conditioning_embedding_out_channels}, then for each next
 * width a pair of 3×3 convolutions in {@code blocks} (2i keeps the width, 2i+1 changes it with stride 2),
 * SiLU after each, and {@code conv_out} (3×3) to the UNet's first block width, initialised to zero so that a
 * new ControlNet starts by adding nothing.
 */
public final class ControlNetConditioningEmbedding extends Module {
    private final Conv2d convIn;
    private final List<Conv2d> blocks = new ArrayList<>();
    private final Conv2d convOut;

    /**
     * @param embeddingChannels output width (the UNet's {@code block_out_channels[0]})
     * @param conditioningChannels channels of the conditioning image (3)
     * @param widths {@code conditioning_embedding_out_channels}, e.g. [16, 32, 96, 256]: 2^(n−1)× downsampling
     */
    public ControlNetConditioningEmbedding(long embeddingChannels, long conditioningChannels, List<Integer> widths) {
        if (widths.isEmpty()) {
            throw new IllegalArgumentException("conditioning_embedding_out_channels must not be empty");
        }
        convIn = child("conv_in", new Conv2d(conditioningChannels, widths.get(0), 3, 1, 1));
        ModuleGroup list = child("blocks", new ModuleGroup());
        for (int i = 0; i + 1 < widths.size(); i++) {
            long in = widths.get(i);
            long out = widths.get(i + 1);
            blocks.add(list.add(Integer.toString(2 * i), new Conv2d(in, in, 3, 1, 1)));
            blocks.add(list.add(Integer.toString(2 * i + 1), new Conv2d(in, out, 3, 2, 1)));
        }
        convOut = child("conv_out", new Conv2d(widths.get(widths.size() - 1), embeddingChannels, 3, 1, 1, true,
                Init.zeros()));
    }

    /** image [B, conditioning_channels, H, W] → [B, embeddingChannels, H / 2^(n−1), W / 2^(n−1)]. */
    public NDArray forward(NDArray image) {
        NDArray h = Functional.silu(convIn.forward(image));
        for (Conv2d c : blocks) {
            h = Functional.silu(c.forward(h));
        }
        return convOut.forward(h);
    }

    /** How many times smaller than the conditioning image the output is: 2 per stride-2 block. */
    public int downsampleFactor() {
        return 1 << (blocks.size() / 2);
    }
}

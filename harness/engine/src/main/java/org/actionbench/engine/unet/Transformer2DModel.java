package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.GroupNorm;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;
import org.actionbench.engine.nn.Temporaries;

/**
 * diffusers' {@code Transformer2DModel} on continuous input: GroupNorm (eps 1e-6) over the feature map, a
 * projection in ({@code proj_in}: Linear on tokens when {@code use_linear_projection}, as SD 2.x, otherwise a
 * 1×1 convolution, as SD 1.x), the feature map as H·W tokens through {@code transformer_blocks}, the
 * projection out and the residual. Block j attends to cross-attention layer {@code firstLayer + j}.
 */
public final class Transformer2DModel extends Module {
    private final GroupNorm norm;
    private final Module projIn;
    private final List<BasicTransformerBlock> blocks = new ArrayList<>();
    private final Module projOut;
    private final boolean linearProjection;
    private final long inner;

    public Transformer2DModel(int heads, int headDim, long channels, int layers, long crossAttentionDim,
            int normGroups, boolean linearProjection) {
        this.linearProjection = linearProjection;
        this.inner = (long) heads * headDim;
        norm = child("norm", new GroupNorm(normGroups, channels, 1e-6, true));
        projIn = child("proj_in", linearProjection ? new Linear(channels, inner, true)
                : new Conv2d(channels, inner, 1, 1, 0));
        ModuleGroup list = child("transformer_blocks", new ModuleGroup());
        for (int j = 0; j < layers; j++) {
            blocks.add(list.add(Integer.toString(j), new BasicTransformerBlock(inner, heads, headDim,
                    crossAttentionDim)));
        }
        projOut = child("proj_out", linearProjection ? new Linear(inner, channels, true)
                : new Conv2d(inner, channels, 1, 1, 0));
    }

    /** x [B, C, H, W] → [B, C, H, W]; transformer block j reads {@code context.forLayer(firstLayer + j)}. */
    public NDArray forward(NDArray x, Conditioning context, int firstLayer) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray normed = norm.forward(x);
        NDArray y;
        if (linearProjection) {
            NDArray channelsLast = normed.transpose(0, 2, 3, 1);
            NDArray tokens = channelsLast.reshape(b, h * w, c);
            y = ((Linear) projIn).forward(tokens);
            Temporaries.close(channelsLast, tokens);
        } else {
            NDArray projected = ((Conv2d) projIn).forward(normed);
            NDArray channelsLast = projected.transpose(0, 2, 3, 1);
            y = channelsLast.reshape(b, h * w, inner);
            Temporaries.close(projected, channelsLast);
        }
        Temporaries.close(normed);
        for (int j = 0; j < blocks.size(); j++) {
            NDArray next = blocks.get(j).forward(y, context.forLayer(firstLayer + j));
            Temporaries.close(y);
            y = next;
        }
        NDArray out;
        if (linearProjection) {
            NDArray projected = ((Linear) projOut).forward(y);
            NDArray grid = projected.reshape(b, h, w, c);
            out = grid.transpose(0, 3, 1, 2);
            Temporaries.close(projected, grid);
        } else {
            NDArray grid = y.reshape(b, h, w, inner);
            NDArray map = grid.transpose(0, 3, 1, 2);
            out = ((Conv2d) projOut).forward(map);
            Temporaries.close(grid, map);
        }
        Temporaries.close(y);
        // x first: an elementwise sum takes the memory layout of its first operand, so the result is a
        // contiguous [B, C, H, W] although the projected tokens are channels-last, and the GroupNorm that
        // reads it next does not have to copy it.
        NDArray residual = x.add(out);
        Temporaries.close(out);
        return residual;
    }

    public List<BasicTransformerBlock> transformerBlocks() {
        return Collections.unmodifiableList(blocks);
    }
}

package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import org.actionbench.engine.blocks.Attention;
import org.actionbench.engine.nn.LayerNorm;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Temporaries;

/**
 * diffusers' {@code BasicTransformerBlock} as Stable Diffusion configures it (layer norms with eps 1e-5,
 * unbiased q/k/v, GEGLU feed-forward): pre-norm self-attention {@code attn1}, cross-attention {@code attn2}
 * to the encoder context, feed-forward {@code ff}, each added to the residual stream. Each block's
 * {@code attn2} is one cross-attention layer of the UNet.
 */
public final class BasicTransformerBlock extends Module {
    private final LayerNorm norm1;
    private final Attention attn1;
    private final LayerNorm norm2;
    private final Attention attn2;
    private final LayerNorm norm3;
    private final FeedForward ff;
    private final long crossAttentionDim;

    public BasicTransformerBlock(long dim, int heads, int headDim, long crossAttentionDim) {
        this.crossAttentionDim = crossAttentionDim;
        norm1 = child("norm1", new LayerNorm(dim, 1e-5));
        attn1 = child("attn1", Attention.transformer(dim, dim, heads, headDim));
        norm2 = child("norm2", new LayerNorm(dim, 1e-5));
        attn2 = child("attn2", Attention.transformer(dim, crossAttentionDim, heads, headDim));
        norm3 = child("norm3", new LayerNorm(dim, 1e-5));
        ff = child("ff", new FeedForward(dim));
    }

    /** x [B, T, dim], context [B, S, cross_attention_dim] → [B, T, dim]. */
    public NDArray forward(NDArray x, NDArray context) {
        long d = context.getShape().get(context.getShape().dimension() - 1);
        if (context.getShape().dimension() != 3 || d != crossAttentionDim) {
            throw new IllegalArgumentException("cross-attention context must be [batch, tokens, "
                    + crossAttentionDim + "], found " + context.getShape());
        }
        NDArray normed = norm1.forward(x);
        NDArray update = attn1.forward(normed);
        NDArray afterSelf = x.add(update);
        Temporaries.close(normed, update);
        normed = norm2.forward(afterSelf);
        update = attn2.forward(normed, context);
        NDArray afterCross = afterSelf.add(update);
        Temporaries.close(normed, update, afterSelf);
        normed = norm3.forward(afterCross);
        update = ff.forward(normed);
        NDArray out = afterCross.add(update);
        Temporaries.close(normed, update, afterCross);
        return out;
    }

    public Attention attn1() {
        return attn1;
    }

    public Attention attn2() {
        return attn2;
    }
}

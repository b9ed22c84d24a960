package org.actionbench.engine.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.actionbench.engine.nn.FlopCounter;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.GroupNorm;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code Attention} with its default processor, for the two uses in Stable Diffusion:
 * <ul>
 * <li>the transformer blocks' self- and cross-attention ({@link #transformer}): {@code to_q/to_k/to_v} without
 * bias, keys and values projected from the cross-attention context when one is given;</li>
 * <li>the VAE mid-block's spatial self-attention ({@link #spatial}): a {@code group_norm} before the
 * projections, biased projections, residual connection and {@code rescale_output_factor}.</li>
 * </ul>
 * Scaled dot-product attention is composed from matMul and softmax (DJL has no fused op); queries are
 * scaled by 1/sqrt(head_dim) before the product. A 4-D input [B, C, H, W] is attended as H·W tokens of C
 * channels and returned in its own shape, as diffusers' processor does.
 */
public final class Attention extends Module {
    private final GroupNorm groupNorm;
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;
    private final int heads;
    private final int headDim;
    private final boolean residual;
    private final double rescaleOutputFactor;

    /**
     * @param queryDim channels of the attended features
     * @param keyValueDim channels of the context keys and values come from (queryDim for self-attention)
     * @param normGroups groups of the {@code group_norm} applied first, or null for none
     */
    public Attention(long queryDim, long keyValueDim, int heads, int headDim, boolean qkvBias, boolean outBias,
            Integer normGroups, double normEps, boolean residual, double rescaleOutputFactor) {
        if (heads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("Attention needs positive heads and head_dim, found heads=" + heads
                    + " head_dim=" + headDim);
        }
        long inner = (long) heads * headDim;
        this.groupNorm = normGroups == null ? null : child("group_norm", new GroupNorm(normGroups, queryDim,
                normEps, true));
        this.toQ = child("to_q", new Linear(queryDim, inner, qkvBias));
        this.toK = child("to_k", new Linear(keyValueDim, inner, qkvBias));
        this.toV = child("to_v", new Linear(keyValueDim, inner, qkvBias));
        this.toOut = child("to_out", new ModuleGroup()).add("0", new Linear(inner, queryDim, outBias));
        this.heads = heads;
        this.headDim = headDim;
        this.residual = residual;
        this.rescaleOutputFactor = rescaleOutputFactor;
    }

    /**
     * attn1 / attn2 of a {@code BasicTransformerBlock}: unbiased q/k/v, biased output, no norm or residual.
     * Pass {@code keyValueDim = queryDim} for self-attention.
     */
    public static Attention transformer(long queryDim, long keyValueDim, int heads, int headDim) {
        return new Attention(queryDim, keyValueDim, heads, headDim, false, true, null, 0, false, 1.0);
    }

    /** The VAE mid-block's attention over [B, C, H, W]: group_norm, biased projections, residual. */
    public static Attention spatial(long channels, int heads, int headDim, int normGroups, double normEps,
            double rescaleOutputFactor) {
        return new Attention(channels, channels, heads, headDim, true, true, normGroups, normEps, true,
                rescaleOutputFactor);
    }

    /** Self-attention. */
    public NDArray forward(NDArray x) {
        return forward(x, null);
    }

    /**
     * x [B, T, queryDim] or [B, queryDim, H, W]; context [B, S, keyValueDim] (null for self-attention, the
     * keys and values then come from x after the group norm) → same shape as x.
     */
    public NDArray forward(NDArray x, NDArray context) {
        Shape inShape = x.getShape();
        boolean spatial = inShape.dimension() == 4;
        NDArray tokens = spatial ? x.reshape(inShape.get(0), inShape.get(1), -1).transpose(0, 2, 1) : x;
        if (groupNorm != null) {
            tokens = groupNorm.forward(tokens.transpose(0, 2, 1)).transpose(0, 2, 1);
        }
        NDArray kv = context == null ? tokens : context;
        long b = tokens.getShape().get(0);
        long t = tokens.getShape().get(1);
        long s = kv.getShape().get(1);
        NDArray q = splitHeads(Functional.mulScalar(toQ.forward(tokens), (float) (1.0 / Math.sqrt(headDim))), b, t);
        NDArray k = splitHeads(toK.forward(kv), b, s);
        NDArray v = splitHeads(toV.forward(kv), b, s);
        // scores q·kᵀ and mixing p·v: b·heads·t·s·headDim multiply-adds each
        FlopCounter.add(2L * b * heads * t * s * headDim);
        NDArray probs = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
        NDArray merged = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * headDim);
        NDArray out = toOut.forward(merged);
        if (spatial) {
            out = out.transpose(0, 2, 1).reshape(inShape);
        }
        if (residual) {
            out = out.add(x);
        }
        return rescaleOutputFactor == 1.0 ? out : Functional.mulScalar(out, (float) (1.0 / rescaleOutputFactor));
    }

    private NDArray splitHeads(NDArray x, long b, long t) {
        return x.reshape(b, t, heads, headDim).transpose(0, 2, 1, 3);
    }

    public int heads() {
        return heads;
    }

    public int headDim() {
        return headDim;
    }

    public Linear toQ() {
        return toQ;
    }

    public Linear toK() {
        return toK;
    }

    public Linear toV() {
        return toV;
    }

    /** {@code to_out.0}. */
    public Linear toOut() {
        return toOut;
    }
}

package org.actionbench.engine.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.actionbench.engine.nn.FlopCounter;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.GroupNorm;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;
import org.actionbench.engine.nn.Temporaries;

/**
 * diffusers' {@code Attention} with its default processor, for the two uses in Stable Diffusion:
 * <ul>
 * <li>the transformer blocks' self- and cross-attention ({@link #transformer}): {@code to_q/to_k/to_v} without
 * bias, keys and values projected from the cross-attention context when one is given;</li>
 * <li>the VAE mid-block's spatial self-attention ({@link #spatial}): a {@code group_norm} before the
 * projections, biased projections, residual connection and {@code rescale_output_factor}.</li>
 * </ul>
 * Scaled dot-product attention is composed from matMul and softmax (DJL 0.36 exposes no fused op, neither
 * through {@code NDArrayEx} nor its JNI); queries are scaled by 1/sqrt(head_dim) before the product. The
 * queries are taken in chunks so that one chunk's score matrix stays within {@link #scoreChunkMb()} MiB (a run
 * spec's {@code attentionScoreChunkMb}, which the runner sets around each cell with {@link #useScoreChunkMb}; else
 * the system property {@value #SCORE_CHUNK_MB_PROPERTY}; else {@value #DEFAULT_SCORE_CHUNK_MB}): SD 2.1 at 512 px has
 * 4096 × 4096 scores per head, 640 MiB per guided sampling step unchunked. Each query row's softmax is its
 * own, so chunking changes nothing but the matrix-product blocking; inputs that fit in one chunk take exactly
 * the unchunked path. Chunking applies only when no gradient flows through the attention: autograd keeps
 * every chunk's probabilities for the backward pass, so there it would bound nothing and only add slicing.
 * A 4-D input [B, C, H, W] is attended as H·W tokens of C channels and returned in its own shape, as
 * diffusers' processor does. Intermediates are closed as soon as they are consumed ({@code Temporaries}).
 */
public final class Attention extends Module {
    /**
     * System property: the most memory, in MiB, that one query chunk's attention scores may take, for a process
     * that computes without a run spec (benchmarks, the mini model's commands); a run spec's key wins.
     */
    public static final String SCORE_CHUNK_MB_PROPERTY = "actionbench.attention.scoreChunkMb";
    public static final int DEFAULT_SCORE_CHUNK_MB = 16;
    /** The chunk budget {@link #useScoreChunkMb} set for this process, or null for {@link #defaultScoreChunkMb()}. */
    private static volatile Integer scoreChunkMbInUse;

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
        // the group norm reads [B, C, positions] and normalises the same values whether the map is 4-D or not
        NDArray normed = groupNorm == null ? x : groupNorm.forward(x);
        NDArray tokens = spatial ? tokensOf(normed) : normed;
        NDArray kv = context == null ? tokens : context;
        long b = tokens.getShape().get(0);
        long t = tokens.getShape().get(1);
        long s = kv.getShape().get(1);
        NDArray qProjected = toQ.forward(tokens);
        NDArray qScaled = Functional.mulScalar(qProjected, (float) (1.0 / Math.sqrt(headDim)));
        NDArray kProjected = toK.forward(kv);
        NDArray vProjected = toV.forward(kv);
        NDArray q = splitHeads(qScaled, b, t);
        NDArray k = splitHeads(kProjected, b, s);
        NDArray v = splitHeads(vProjected, b, s);
        // scores q·kᵀ and mixing p·v: b·heads·t·s·headDim multiply-adds each; backward, one product per
        // operand needing a gradient (p needs one when q or k does)
        boolean qGradient = q.hasGradient();
        boolean kGradient = k.hasGradient();
        boolean vGradient = v.hasGradient();
        long product = b * heads * t * s * headDim;
        FlopCounter.addProduct(product, qGradient, kGradient);
        FlopCounter.addProduct(product, qGradient || kGradient, vGradient);
        boolean recorded = qGradient || kGradient || vGradient;
        NDArray mixed = attend(q, k, v, recorded ? t : queryChunk(b * heads * s, t));
        Temporaries.close(qProjected, qScaled, kProjected, vProjected, q, k, v);
        if (tokens != x) {
            Temporaries.close(tokens);
        }
        if (normed != x && normed != tokens) {
            Temporaries.close(normed);
        }
        NDArray perToken = mixed.transpose(0, 2, 1, 3);
        NDArray merged = perToken.reshape(b, t, (long) heads * headDim);
        NDArray out = toOut.forward(merged);
        Temporaries.close(mixed, perToken, merged);
        if (spatial) {
            NDArray channelsFirst = out.transpose(0, 2, 1);
            NDArray map = channelsFirst.reshape(inShape);
            Temporaries.close(out, channelsFirst);
            out = map;
        }
        if (residual) {
            NDArray sum = out.add(x);
            Temporaries.close(out);
            out = sum;
        }
        if (rescaleOutputFactor == 1.0) {
            return out;
        }
        NDArray rescaled = Functional.mulScalar(out, (float) (1.0 / rescaleOutputFactor));
        Temporaries.close(out);
        return rescaled;
    }

    /** [B, C, H, W] → [B, H·W, C]. */
    private static NDArray tokensOf(NDArray map) {
        Shape shape = map.getShape();
        NDArray flat = map.reshape(shape.get(0), shape.get(1), -1);
        NDArray tokens = flat.transpose(0, 2, 1);
        Temporaries.close(flat);
        return tokens;
    }

    /**
     * Query rows per chunk so that one chunk's scores (rows × keys for every batch item and head) stay
     * within the configured memory, at least one row; {@code queries} when everything fits.
     */
    static long queryChunk(long scoresPerQueryRow, long queries) {
        long budget = scoreChunkMb() * (1L << 20) / Float.BYTES;
        return Math.max(1, Math.min(queries, budget / scoresPerQueryRow));
    }

    /**
     * The budget without a run spec: the system property {@value #SCORE_CHUNK_MB_PROPERTY} when set, else
     * {@value #DEFAULT_SCORE_CHUNK_MB}.
     *
     * @throws IllegalArgumentException naming the property when it is not a whole number of at least 1
     */
    public static int defaultScoreChunkMb() {
        String value = System.getProperty(SCORE_CHUNK_MB_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_SCORE_CHUNK_MB;
        }
        try {
            return checkScoreChunkMb(Integer.parseInt(value.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + SCORE_CHUNK_MB_PROPERTY + ": expected a whole number of MiB (1"
                    + " or more), found '" + value + "'");
        }
    }

    /** The most MiB one query chunk's scores take now, in this process. */
    public static int scoreChunkMb() {
        Integer inUse = scoreChunkMbInUse;
        return inUse != null ? inUse : defaultScoreChunkMb();
    }

    /**
     * Computes with chunks of at most {@code mb} MiB of scores until the returned scope closes, which restores the
     * budget before it. Process-wide, like the native memory it bounds: one process computes one run's cells.
     */
    public static ScoreChunkScope useScoreChunkMb(int mb) {
        ScoreChunkScope scope = new ScoreChunkScope(scoreChunkMbInUse);
        scoreChunkMbInUse = checkScoreChunkMb(mb);
        return scope;
    }

    private static int checkScoreChunkMb(int mb) {
        if (mb < 1) {
            throw new IllegalArgumentException("the attention score chunk must be at least 1 MiB, found " + mb);
        }
        return mb;
    }

    /** Restores the score chunk budget that was in use before {@link #useScoreChunkMb}. */
    public static final class ScoreChunkScope implements AutoCloseable {
        private final Integer previous;

        private ScoreChunkScope(Integer previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            scoreChunkMbInUse = previous;
        }
    }

    /**
     * softmax(q·kᵀ)·v with q [B, h, T, d] (already scaled), k and v [B, h, S, d] → [B, h, T, d], computed
     * {@code queryChunk} query rows at a time.
     */
    public static NDArray attend(NDArray q, NDArray k, NDArray v, long queryChunk) {
        long t = q.getShape().get(2);
        NDArray keysT = k.transpose(0, 1, 3, 2);
        if (queryChunk >= t) {
            NDArray out = mix(q, keysT, v);
            Temporaries.close(keysT);
            return out;
        }
        NDList parts = new NDList();
        for (long start = 0; start < t; start += queryChunk) {
            NDArray rows = q.get(new NDIndex(":, :, {}:{}", start, Math.min(t, start + queryChunk)));
            parts.add(mix(rows, keysT, v));
            Temporaries.close(rows);
        }
        NDArray out = NDArrays.concat(parts, 2);
        Temporaries.close(parts);
        Temporaries.close(keysT);
        return out;
    }

    private static NDArray mix(NDArray q, NDArray keysT, NDArray v) {
        NDArray scores = q.matMul(keysT);
        NDArray probs = scores.softmax(-1);
        Temporaries.close(scores);
        NDArray out = probs.matMul(v);
        Temporaries.close(probs);
        return out;
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

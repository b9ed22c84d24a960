package org.actionbench.engine.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.nn.Embedding;
import org.actionbench.engine.nn.FlopCounter;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.LayerNorm;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;
import org.actionbench.engine.weights.KeyMapping;
import org.actionbench.engine.weights.KeyMappingProvider;

/**
 * CLIP's text transformer as transformers' {@code CLIPTextModel} defines it (pre-LN blocks, causal
 * self-attention, final layer norm), with the checkpoint's key names. It returns the last hidden
 * state, which is what Stable Diffusion conditions on.
 *
 * <p>It accepts token ids or token embeddings. Token-learning methods pass embeddings built by
 * {@link #embedTokens(NDArray, NDArray)}: placeholder ids (≥ the vocabulary size) take their rows from a
 * separate, trainable array, so those rows are the only thing a gradient can reach.
 */
public final class ClipTextModel extends Module implements KeyMappingProvider {
    /** The largest finite float16, 65504. */
    private static final float HALF_MAX = 65504f;
    private final ClipTextConfig config;
    private final Embedding tokenEmbedding;
    private final Embedding positionEmbedding;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalLayerNorm;

    public ClipTextModel(ClipTextConfig config) {
        this.config = config;
        ModuleGroup textModel = child("text_model", new ModuleGroup());
        ModuleGroup embeddings = textModel.add("embeddings", new ModuleGroup());
        // CLIP initialises both embedding tables with std 0.02.
        tokenEmbedding = embeddings.add("token_embedding",
                new Embedding(config.vocabSize(), config.hiddenSize(), 0.02));
        positionEmbedding = embeddings.add("position_embedding",
                new Embedding(config.maxPositionEmbeddings(), config.hiddenSize(), 0.02));
        ModuleGroup layerList = textModel.add("encoder", new ModuleGroup()).add("layers", new ModuleGroup());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(layerList.add(Integer.toString(i), new EncoderLayer(config)));
        }
        finalLayerNorm = textModel.add("final_layer_norm",
                new LayerNorm(config.hiddenSize(), config.layerNormEps()));
    }

    /**
     * Older transformers saved the position_ids buffer; it is recomputed here, never loaded. Snapshots in the
     * flat layout of transformers ≥ 5.6 (no {@code text_model.} prefix) load too, but the parameters keep the
     * prefixed names, so {@code StateDictSaver} writes the layout every transformers version reads (≥ 5.6 strips
     * the prefix on load, older ones need it) and that diffusers' published snapshots use.
     */
    @Override
    public KeyMapping keyMapping() {
        return KeyMapping.clipPositionIds().and(KeyMapping.clipTextFlatLayout());
    }

    public ClipTextConfig config() {
        return config;
    }

    /** The frozen vocabulary table, {@code [vocab_size, hidden]}. */
    public Embedding tokenEmbedding() {
        return tokenEmbedding;
    }

    /** ids [B, T] (int64) → last hidden state [B, T, hidden]. */
    public NDArray forward(NDArray ids) {
        return forwardEmbeds(tokenEmbedding.forward(ids));
    }

    /**
     * Token embeddings with placeholder rows: ids below the vocabulary size read the frozen table,
     * ids {@code vocab_size + j} read row j of {@code extraRows}. extraRows is [k, hidden], or
     * [B, k, hidden] when each sequence of the batch carries its own values (one token per
     * cross-attention layer, as P+ and ADI learn them, is a batch of L sequences).
     */
    public NDArray embedTokens(NDArray ids, NDArray extraRows) {
        long vocab = config.vocabSize();
        long k = extraRows.getShape().get(extraRows.getShape().dimension() - 2);
        NDArray isExtra = ids.gte(vocab);
        NDArray baseIds = NDArrays.where(isExtra, ids.zerosLike(), ids);
        NDArray base = tokenEmbedding.forward(baseIds);
        // A one-hot product rather than a gather: k is tiny, and it broadcasts over per-sequence rows.
        // Non-placeholder positions get the extra class k, whose column is dropped (one_hot rejects −1).
        NDArray extraIds = NDArrays.where(isExtra, ids.sub(vocab), ids.zerosLike().add(k));
        NDArray oneHot = extraIds.oneHot((int) k + 1).get("..., :" + k).toType(dataType(), false);
        // Trained rows are float32; a half-precision encoder reads them cast, and their gradient comes back cast.
        NDArray extra = oneHot.matMul(Functional.cast(extraRows, dataType()));
        // DJL's where does not broadcast the condition.
        return NDArrays.where(isExtra.expandDims(-1).broadcast(base.getShape()), extra, base);
    }

    /** Token embeddings [B, T, hidden] (positions not yet added) → last hidden state [B, T, hidden]. */
    public NDArray forwardEmbeds(NDArray inputEmbeds) {
        Shape shape = inputEmbeds.getShape();
        long t = shape.get(1);
        if (t > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("sequence of " + t + " tokens exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
        NDManager m = inputEmbeds.getManager();
        NDArray positions = m.arange(0, t, 1, DataType.INT64);
        NDArray h = Functional.cast(inputEmbeds, dataType()).add(positionEmbedding.forward(positions));
        NDArray mask = causalMask(m, t, dataType());
        for (EncoderLayer layer : layers) {
            h = layer.forward(h, mask);
        }
        // Half precision ends here: the hidden state leaves as float32 (no op when float32).
        return Functional.cast(finalLayerNorm.forward(h), DataType.FLOAT32);
    }

    /**
     * [T, T] additive mask in {@code type}: position i attends to j ≤ i. The type's finite minimum as transformers
     * uses ({@code torch.finfo(dtype).min}), not −∞.
     */
    static NDArray causalMask(NDManager m, long t, DataType type) {
        float min = type == DataType.FLOAT16 ? -HALF_MAX : -Float.MAX_VALUE;
        float[] values = new float[(int) (t * t)];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                values[(int) (i * t + j)] = min;
            }
        }
        NDArray mask = m.create(values, new Shape(t, t));
        return type == DataType.FLOAT32 ? mask : mask.toType(type, false);
    }

    private static final class EncoderLayer extends Module {
        private final Attention selfAttn;
        private final LayerNorm layerNorm1;
        private final Linear fc1;
        private final Linear fc2;
        private final LayerNorm layerNorm2;
        private final String act;

        EncoderLayer(ClipTextConfig c) {
            selfAttn = child("self_attn", new Attention(c.hiddenSize(), c.numAttentionHeads()));
            layerNorm1 = child("layer_norm1", new LayerNorm(c.hiddenSize(), c.layerNormEps()));
            ModuleGroup mlp = child("mlp", new ModuleGroup());
            fc1 = mlp.add("fc1", new Linear(c.hiddenSize(), c.intermediateSize(), true));
            fc2 = mlp.add("fc2", new Linear(c.intermediateSize(), c.hiddenSize(), true));
            layerNorm2 = child("layer_norm2", new LayerNorm(c.hiddenSize(), c.layerNormEps()));
            act = c.hiddenAct();
        }

        NDArray forward(NDArray h, NDArray mask) {
            h = h.add(selfAttn.forward(layerNorm1.forward(h), mask));
            NDArray x = fc1.forward(layerNorm2.forward(h));
            // quick_gelu is OpenAI CLIP's x·σ(1.702x); "gelu" is the exact erf form.
            x = act.equals("gelu") ? Activation.gelu(x) : Functional.quickGelu(x);
            return h.add(fc2.forward(x));
        }
    }

    private static final class Attention extends Module {
        private final Linear q;
        private final Linear k;
        private final Linear v;
        private final Linear out;
        private final long heads;
        private final long headDim;

        Attention(long hidden, long heads) {
            this.heads = heads;
            this.headDim = hidden / heads;
            k = child("k_proj", new Linear(hidden, hidden, true));
            v = child("v_proj", new Linear(hidden, hidden, true));
            q = child("q_proj", new Linear(hidden, hidden, true));
            out = child("out_proj", new Linear(hidden, hidden, true));
        }

        NDArray forward(NDArray x, NDArray mask) {
            Shape s = x.getShape();
            long b = s.get(0);
            long t = s.get(1);
            NDArray qh = split(Functional.mulScalar(q.forward(x), (float) (1.0 / Math.sqrt(headDim))), b, t);
            NDArray kh = split(k.forward(x), b, t);
            NDArray vh = split(v.forward(x), b, t);
            long product = b * heads * t * t * headDim;
            boolean qGradient = qh.hasGradient();
            boolean kGradient = kh.hasGradient();
            FlopCounter.addProduct(product, qGradient, kGradient);
            FlopCounter.addProduct(product, qGradient || kGradient, vh.hasGradient());
            NDArray probs = qh.matMul(kh.transpose(0, 1, 3, 2)).add(mask).softmax(-1);
            NDArray merged = probs.matMul(vh).transpose(0, 2, 1, 3).reshape(b, t, heads * headDim);
            return out.forward(merged);
        }

        private NDArray split(NDArray x, long b, long t) {
            return x.reshape(b, t, heads, headDim).transpose(0, 2, 1, 3);
        }
    }
}

package org.actionbench.runner.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.config.SnapshotLayout;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.config.VaeConfig;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.pipeline.ModelInspector;
import org.actionbench.engine.unet.BlockConfig;

/**
 * The sizes memory depends on, from a snapshot's config.json files alone (no weights read or needed, so SD
 * 2.1-base can be planned before its 5 GB are downloaded): each component's parameter count (the modules built
 * from their configs, {@code ModelInspector}), and the float counts of the UNet's, the text encoder's and the
 * VAE decoder's activations, walked block by block as the engine builds them (ARCHITECTURE.md §3).
 *
 * <p>What a training pass keeps for the backward pass is counted per operation as libtorch's autograd saves it
 * when every weight trains: a group norm its input and normalised values, a SiLU or GELU its input, a
 * convolution or linear layer its input, an attention its scaled queries, keys, values and probabilities (the
 * full T × S per head: with a gradient the engine does not chunk), a GEGLU its projection and gate. With frozen
 * weights autograd drops the inputs of linear layers, so for the methods that learn tokens only this is an
 * upper bound. Sampling (no gradient) keeps only the skip connections and the block at work; its attention
 * scores and probabilities are bounded by the chunk budget.
 */
public final class ModelShapes {
    private final BlockConfig unet;
    private final int unetInChannels;
    private final ClipTextConfig text;
    private final VaeConfig vae;
    private final Map<String, Long> parameters;
    private final long crossAttentionKeyValueParameters;
    private final int crossAttentionLayers;

    ModelShapes(UNetConfig unet, ClipTextConfig text, VaeConfig vae, Map<String, Long> parameters,
            long crossAttentionKeyValueParameters, int crossAttentionLayers) {
        this.unet = BlockConfig.of(unet);
        this.unetInChannels = unet.downPath().inChannels();
        this.text = text;
        this.vae = vae;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.crossAttentionKeyValueParameters = crossAttentionKeyValueParameters;
        this.crossAttentionLayers = crossAttentionLayers;
    }

    /** Reads the text encoder's, UNet's and VAE's configs (and the ControlNet's, when the snapshot has one). */
    public static ModelShapes read(Path snapshot) throws IOException {
        SnapshotLayout layout = SnapshotLayout.of(snapshot);
        UNetConfig unet = UNetConfig.read(layout.componentConfig(SnapshotLayout.UNET));
        ClipTextConfig text = ClipTextConfig.read(layout.componentConfig(SnapshotLayout.TEXT_ENCODER));
        VaeConfig vae = VaeConfig.read(layout.componentConfig(SnapshotLayout.VAE));
        Map<String, Long> counts = new LinkedHashMap<>();
        long keyValue = 0;
        int layers = 0;
        for (ModelInspector.Component c : ModelInspector.inspect(snapshot)) {
            counts.put(c.name(), c.parameterCount());
            if (c.name().equals(SnapshotLayout.UNET)) {
                for (Map.Entry<String, Parameter> e : c.module().namedParameters().entrySet()) {
                    if (e.getKey().contains(".attn2.to_k.") || e.getKey().contains(".attn2.to_v.")) {
                        keyValue += e.getValue().shape().size();
                    }
                    if (e.getKey().endsWith(".attn2.to_k.weight")) {
                        layers++;
                    }
                }
            }
        }
        return new ModelShapes(unet, text, vae, counts, keyValue, layers);
    }

    /** Parameters of each component the snapshot has ({@code text_encoder}, {@code unet}, {@code vae}, …). */
    public Map<String, Long> parameters() {
        return parameters;
    }

    /** The cross-attention keys' and values' weights: what Custom Diffusion trains of the UNet. */
    public long crossAttentionKeyValueParameters() {
        return crossAttentionKeyValueParameters;
    }

    /** Cross-attention layers of the UNet (16 for SD 2.1): P+ and ADI learn one token for each. */
    public int crossAttentionLayers() {
        return crossAttentionLayers;
    }

    /** Width of a token embedding (a learned token's parameters). */
    public int tokenWidth() {
        return text.hiddenSize();
    }

    /** The text encoder's positions: every prompt is padded to them. */
    public int contextTokens() {
        return text.maxPositionEmbeddings();
    }

    /** Pixels per latent cell. */
    public int latentScale() {
        return vae.downsampleFactor();
    }

    // ---- training: what one image's pass keeps for the backward pass, in floats ----

    /** The UNet's saved activations for one image of {@code latentH} × {@code latentW} latents. */
    public long unetSavedFloats(int latentH, int latentW) {
        int n = unet.blocks();
        List<Integer> ch = unet.blockOutChannels();
        long total = unetInChannels * positions(latentH, latentW, 0); // conv_in's input
        long prev = ch.get(0);
        for (int i = 0; i < n; i++) {
            long p = positions(latentH, latentW, i);
            long out = ch.get(i);
            for (int j = 0; j < unet.layersPerBlock().get(i); j++) {
                total += resnetSaved(j == 0 ? prev : out, out, p);
                if (unet.downHasCrossAttention(i)) {
                    total += transformerSaved(out, p, unet.heads().get(i), unet.transformerLayersPerBlock().get(i));
                }
            }
            if (i < n - 1) {
                total += out * p; // the downsampler's input
            }
            prev = out;
        }
        long deepest = ch.get(n - 1);
        long pMid = positions(latentH, latentW, n - 1);
        total += 2 * resnetSaved(deepest, deepest, pMid)
                + transformerSaved(deepest, pMid, unet.heads().get(n - 1), unet.transformerLayersPerBlock().get(n - 1));
        for (int i = 0; i < n; i++) {
            int d = n - 1 - i;
            long p = positions(latentH, latentW, d);
            long out = ch.get(d);
            int resnets = unet.layersPerBlock().get(d) + 1;
            for (int j = 0; j < resnets; j++) {
                total += resnetSaved(upResnetInput(i, j, resnets), out, p);
                if (unet.upHasCrossAttention(i)) {
                    total += transformerSaved(out, p, unet.heads().get(d), unet.transformerLayersPerBlock().get(d));
                }
            }
            if (i < n - 1) {
                total += out * positions(latentH, latentW, d - 1); // the upsampler's convolution input
            }
        }
        return total + 4L * ch.get(0) * positions(latentH, latentW, 0); // conv_norm_out, its SiLU, conv_out
    }

    /** The largest single tensor a UNet training pass keeps per image: an attention's probabilities. */
    public long unetLargestSavedFloats(int latentH, int latentW) {
        long largest = 0;
        for (int i = 0; i < unet.blocks(); i++) {
            if (unet.downHasCrossAttention(i) || unet.upHasCrossAttention(unet.blocks() - 1 - i)) {
                long p = positions(latentH, latentW, i);
                largest = Math.max(largest, unet.heads().get(i) * p * Math.max(p, contextTokens()));
            }
        }
        return largest;
    }

    /** The text encoder's saved activations for one prompt (when a gradient flows back to a learned token). */
    public long textEncoderSavedFloats() {
        long t = contextTokens();
        long d = text.hiddenSize();
        // per layer: the attention as in a transformer block (norm input and output, q, k, v, probabilities,
        // merged heads), then the MLP's norm input and output, its hidden input to the activation and the
        // activation's output
        long perLayer = 9 * d * t + 2L * text.intermediateSize() * t + (long) text.numAttentionHeads() * t * t;
        return text.numHiddenLayers() * perLayer + 2 * d * t; // embeddings, final layer norm
    }

    // ---- sampling: what is live at the peak of one guided UNet evaluation, in floats ----

    /**
     * The UNet's live activations at its peak for a batch of {@code batch} latents (guidance doubles the batch
     * before this is called): every skip connection the up path will read, plus the largest working set of one
     * block (a transformer's feed-forward holds its input, its norm, the GEGLU projection, the gate and the
     * product: 18 × C per position), plus one attention's scores and probabilities, at most {@code chunkFloats}
     * each (at least one query row).
     */
    public long unetSamplingPeakFloats(int latentH, int latentW, long batch, long chunkFloats) {
        int n = unet.blocks();
        List<Integer> ch = unet.blockOutChannels();
        long skips = ch.get(0) * positions(latentH, latentW, 0);
        long working = 0;
        long attention = 0;
        for (int i = 0; i < n; i++) {
            long p = positions(latentH, latentW, i);
            long out = ch.get(i);
            skips += unet.layersPerBlock().get(i) * out * p + (i < n - 1 ? out * positions(latentH, latentW, i + 1) : 0);
            boolean attends = unet.downHasCrossAttention(i) || unet.upHasCrossAttention(n - 1 - i);
            working = Math.max(working, (attends ? 18 : 0) * out * p);
            long upIn = upResnetInput(n - 1 - i, 0, unet.layersPerBlock().get(i) + 1);
            working = Math.max(working, 2 * (upIn + out) * p);
            if (attends) {
                long scoresPerRow = batch * unet.heads().get(i) * p;
                long whole = scoresPerRow * p;
                attention = Math.max(attention, 2 * Math.min(whole, Math.max(chunkFloats / scoresPerRow, 1) * scoresPerRow));
            }
        }
        return batch * (skips + working) + attention;
    }

    /**
     * The VAE decoder's peak for {@code batch} images of {@code latentH} × {@code latentW} latents: the largest
     * working set of one of its blocks (a resnet holds its input, the norm, the activation and the convolution's
     * output; an upsampler its input, the doubled map and the convolution's output), plus its mid-block
     * attention's scores and probabilities (one head over every latent position), chunked as in the UNet.
     */
    public long vaeDecodePeakFloats(int latentH, int latentW, long batch, long chunkFloats) {
        List<Integer> ch = vae.blockOutChannels();
        int n = ch.size();
        long widest = ch.get(n - 1);
        long p0 = (long) latentH * latentW;
        long working = 4 * widest * p0;
        long out = widest;
        for (int i = 0; i < n; i++) {
            long in = out;
            out = ch.get(n - 1 - i);
            long p = p0 << (2 * i); // up block i works at 2^i times the latent resolution
            working = Math.max(working, 2 * (in + out) * p);
            if (i < n - 1) {
                working = Math.max(working, out * p + 2 * out * (p << 2));
            }
        }
        long scoresPerRow = batch * p0;
        long attention = vae.midBlockAddAttention()
                ? 2 * Math.min(scoresPerRow * p0, Math.max(chunkFloats / scoresPerRow, 1) * scoresPerRow) : 0;
        return batch * working + attention;
    }

    // ---- the engine's block arithmetic ----

    /** norm1's input and normalised values, its SiLU's input and output, then the same after conv1. */
    static long resnetSaved(long in, long out, long positions) {
        return 4 * in * positions + 4 * out * positions;
    }

    /**
     * A Transformer2DModel over C channels and T positions, {@code layers} BasicTransformerBlocks with H heads and
     * S context tokens: the group norm (input, normalised, affine output into proj_in) and proj_out's input;
     * per block, self-attention 6·C·T + H·T² (norm input and output, scaled q, k, v, merged heads; probabilities),
     * cross-attention 4·C·T + 2·C·S + H·T·S (norm input and output, q, merged heads; keys and values of the
     * context; probabilities), the GEGLU feed-forward 18·C·T (norm input and output, the 8·C projection, the
     * gate's GELU, the product).
     */
    long transformerSaved(long channels, long positions, long heads, long layers) {
        long s = contextTokens();
        long perBlock = 28 * channels * positions + heads * positions * positions + heads * positions * s
                + 2 * channels * s;
        return 4 * channels * positions + layers * perBlock;
    }

    /** Input channels of resnet j of up block i: the running map's and the skip's, concatenated. */
    private long upResnetInput(int i, int j, int resnets) {
        int n = unet.blocks();
        int d = n - 1 - i;
        List<Integer> ch = unet.blockOutChannels();
        long out = ch.get(d);
        long prevOut = ch.get(i == 0 ? n - 1 : d + 1);
        long skip = j == resnets - 1 ? ch.get(Math.max(d - 1, 0)) : out;
        return (j == 0 ? prevOut : out) + skip;
    }

    /** Positions at UNet level {@code level}: each downsampler halves both sides (stride 2, rounding up). */
    private static long positions(int h, int w, int level) {
        long hh = h;
        long ww = w;
        for (int k = 0; k < level; k++) {
            hh = (hh + 1) / 2;
            ww = (ww + 1) / 2;
        }
        return hh * ww;
    }
}

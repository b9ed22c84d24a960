package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.config.DownPathConfig;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.GroupNorm;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;
import org.actionbench.engine.nn.Parameter;

/**
 * diffusers' {@code UNet2DConditionModel} of the Stable Diffusion 1.x/2.x family, built from its
 * {@code config.json} with diffusers' parameter names and shapes, so {@code unet/diffusion_pytorch_model.safetensors}
 * loads with no renaming: {@code conv_in}, {@code time_embedding}, {@code down_blocks.i}, {@code up_blocks.i},
 * {@code mid_block}, {@code conv_norm_out}, {@code conv_out} (SiLU between them, {@code time_proj} has no
 * parameters).
 *
 * <p>It predicts from a noisy latent, timesteps and a {@link Conditioning} (one context or one per
 * cross-attention layer, see {@link #crossAttentionLayers()}), optionally with a ControlNet's
 * {@link ControlResiduals}. The height and width of the latent must be multiples of 2^(blocks − 1): diffusers'
 * resizing of odd up-sampled maps is not reproduced.
 */
public final class UNet2DConditionModel extends Module {
    private final UNetConfig config;
    private final BlockConfig blocks;
    private final Conv2d convIn;
    private final Timesteps timeProj;
    private final TimestepEmbedding timeEmbedding;
    private final List<DownBlock> downBlocks = new ArrayList<>();
    private final UNetMidBlock2DCrossAttn midBlock;
    private final List<UpBlock> upBlocks = new ArrayList<>();
    private final GroupNorm convNormOut;
    private final Conv2d convOut;
    private final List<String> crossAttentionLayerNames;

    public UNet2DConditionModel(UNetConfig config) {
        this.config = config;
        this.blocks = BlockConfig.of(config);
        DownPathConfig downPath = config.downPath();
        int c0 = downPath.blockOutChannels().get(0);
        convIn = child("conv_in", new Conv2d(downPath.inChannels(), c0, config.convInKernel(), 1,
                (config.convInKernel() - 1) / 2));
        timeProj = new Timesteps(c0, downPath.flipSinToCos(), downPath.freqShift());
        timeEmbedding = child("time_embedding", new TimestepEmbedding(c0, downPath.timeEmbedDim()));
        // diffusers registers both block lists before the mid block; the checkpoint's key order follows.
        ModuleGroup down = child("down_blocks", new ModuleGroup());
        ModuleGroup up = child("up_blocks", new ModuleGroup());
        for (int i = 0; i < blocks.blocks(); i++) {
            downBlocks.add(down.add(Integer.toString(i), DownBlock.create(blocks, i)));
        }
        midBlock = child("mid_block", new UNetMidBlock2DCrossAttn(blocks));
        for (int i = 0; i < blocks.blocks(); i++) {
            upBlocks.add(up.add(Integer.toString(i), UpBlock.create(blocks, i)));
        }
        convNormOut = child("conv_norm_out", new GroupNorm(downPath.normNumGroups(), c0, downPath.normEps(), true));
        convOut = child("conv_out", new Conv2d(c0, config.outChannels(), config.convOutKernel(), 1,
                (config.convOutKernel() - 1) / 2));
        crossAttentionLayerNames = Collections.unmodifiableList(layerNames());
    }

    private List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < downBlocks.size(); i++) {
            if (downBlocks.get(i) instanceof CrossAttnDownBlock2D b) {
                addNames(names, "down_blocks." + i + ".attentions.", b.attentions());
            }
        }
        addNames(names, "mid_block.attentions.", midBlock.attentions());
        for (int i = 0; i < upBlocks.size(); i++) {
            if (upBlocks.get(i) instanceof CrossAttnUpBlock2D b) {
                addNames(names, "up_blocks." + i + ".attentions.", b.attentions());
            }
        }
        if (names.size() != blocks.crossAttentionLayers()) {
            throw new IllegalStateException("built " + names.size() + " cross-attention layers, the config counts "
                    + blocks.crossAttentionLayers());
        }
        return names;
    }

    private static void addNames(List<String> names, String prefix, List<Transformer2DModel> attentions) {
        for (int a = 0; a < attentions.size(); a++) {
            for (int j = 0; j < attentions.get(a).transformerBlocks().size(); j++) {
                names.add(prefix + a + ".transformer_blocks." + j + ".attn2");
            }
        }
    }

    public UNetConfig config() {
        return config;
    }

    public BlockConfig blockConfig() {
        return blocks;
    }

    /** Number of cross-attention layers, i.e. of contexts a per-layer {@link Conditioning} must hold (16 for SD 2.1). */
    public int crossAttentionLayers() {
        return crossAttentionLayerNames.size();
    }

    /** The {@code attn2} module name of each cross-attention layer, in layer order. */
    public List<String> crossAttentionLayerNames() {
        return crossAttentionLayerNames;
    }

    /**
     * The key and value projections of every cross-attention layer ({@code …attn2.to_k.weight},
     * {@code …attn2.to_v.weight}) under their checkpoint names, in layer order: the parameters Custom
     * Diffusion fine-tunes.
     */
    public Map<String, Parameter> crossAttentionKeyValue() {
        Map<String, Parameter> all = namedParameters();
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (String layer : crossAttentionLayerNames) {
            for (String proj : new String[] {".to_k.weight", ".to_v.weight"}) {
                out.put(layer + proj, all.get(layer + proj));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Number of skip tensors the down path produces, i.e. of ControlNet down residuals (12 for SD). */
    public int skipCount() {
        return blocks.skipChannels().size();
    }

    public List<DownBlock> downBlocks() {
        return Collections.unmodifiableList(downBlocks);
    }

    public UNetMidBlock2DCrossAttn midBlock() {
        return midBlock;
    }

    public List<UpBlock> upBlocks() {
        return Collections.unmodifiableList(upBlocks);
    }

    /** With one context [B, T, D] for every layer. */
    public NDArray forward(NDArray sample, NDArray timesteps, NDArray context) {
        return forward(sample, timesteps, Conditioning.shared(context), null);
    }

    public NDArray forward(NDArray sample, NDArray timesteps, Conditioning context) {
        return forward(sample, timesteps, context, null);
    }

    /**
     * sample [B, in_channels, H, W]; timesteps [B] or one value for the whole batch; context per
     * {@link Conditioning}; residuals from a ControlNet or null → the prediction [B, out_channels, H, W].
     */
    public NDArray forward(NDArray sample, NDArray timesteps, Conditioning context, ControlResiduals residuals) {
        Shape s = sample.getShape();
        long inChannels = config.downPath().inChannels();
        if (s.dimension() != 4 || s.get(1) != inChannels) {
            throw new IllegalArgumentException("sample must be [batch, " + inChannels + ", height, width], found "
                    + s);
        }
        long factor = 1L << (blocks.blocks() - 1);
        if (s.get(2) % factor != 0 || s.get(3) % factor != 0) {
            throw new IllegalArgumentException("sample height and width must be multiples of " + factor + ", found "
                    + s.get(2) + "x" + s.get(3));
        }
        if (context.isPerLayer() && context.layers() != crossAttentionLayers()) {
            throw new IllegalArgumentException("per-layer conditioning has " + context.layers()
                    + " contexts, the UNet has " + crossAttentionLayers() + " cross-attention layers");
        }
        // Half precision: inputs enter in the module's dtype, the prediction leaves as float32 (no op when float32).
        DataType type = dataType();
        context = context.in(type);
        residuals = residuals == null ? null : residuals.in(type);
        NDArray temb = timeEmbedding.forward(
                Functional.cast(timeProj.forward(timesteps, s.get(0), sample.getManager()), type));
        NDArray x = Functional.cast(sample, type);
        if (config.centerInputSample()) {
            x = Functional.mulScalar(x, 2f).sub(x.getManager().create(1f));
        }
        NDArray h = convIn.forward(x);
        List<NDArray> skips = new ArrayList<>();
        skips.add(h);
        for (DownBlock block : downBlocks) {
            DownBlock.Output out = block.forward(h, temb, context);
            h = out.hidden();
            skips.addAll(out.skips());
        }
        if (residuals != null && residuals.down() != null) {
            if (residuals.down().size() != skips.size()) {
                throw new IllegalArgumentException("ControlNet gave " + residuals.down().size()
                        + " down residuals, the UNet has " + skips.size() + " skip connections");
            }
            for (int i = 0; i < skips.size(); i++) {
                skips.set(i, skips.get(i).add(residuals.down().get(i)));
            }
        }
        h = midBlock.forward(h, temb, context);
        if (residuals != null && residuals.mid() != null) {
            h = h.add(residuals.mid());
        }
        int end = skips.size();
        for (UpBlock block : upBlocks) {
            int n = block.resnetCount();
            h = block.forward(h, skips.subList(end - n, end), temb, context);
            end -= n;
        }
        return Functional.cast(convOut.forward(Functional.silu(convNormOut.forward(h))), DataType.FLOAT32);
    }
}

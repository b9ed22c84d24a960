package org.actionbench.engine.controlnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.actionbench.engine.config.ControlNetConfig;
import org.actionbench.engine.config.DownPathConfig;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.Init;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.ModuleGroup;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.unet.BlockConfig;
import org.actionbench.engine.unet.Conditioning;
import org.actionbench.engine.unet.ControlResiduals;
import org.actionbench.engine.unet.DownBlock;
import org.actionbench.engine.unet.TimestepEmbedding;
import org.actionbench.engine.unet.Timesteps;
import org.actionbench.engine.unet.UNet2DConditionModel;
import org.actionbench.engine.unet.UNetMidBlock2DCrossAttn;

/**
 * diffusers' {@code ControlNetModel} with its checkpoint keys: a trainable copy of the UNet's input conv,
 * time embedding, down blocks and mid block ({@code conv_in}, {@code time_embedding}, {@code down_blocks.i},
 * {@code mid_block}), the {@link ControlNetConditioningEmbedding} ({@code controlnet_cond_embedding}) whose
 * output is added after {@code conv_in}, and zero-initialised 1×1 convolutions, one per UNet skip
 * ({@code controlnet_down_blocks.i}) and one after the mid block ({@code controlnet_mid_block}). Its outputs
 * are {@link ControlResiduals} for the UNet.
 */
public final class ControlNetModel extends Module {
    private final ControlNetConfig config;
    private final BlockConfig blocks;
    private final Conv2d convIn;
    private final Timesteps timeProj;
    private final TimestepEmbedding timeEmbedding;
    private final ControlNetConditioningEmbedding condEmbedding;
    private final List<DownBlock> downBlocks = new ArrayList<>();
    private final List<Conv2d> controlnetDownBlocks = new ArrayList<>();
    private final UNetMidBlock2DCrossAttn midBlock;
    private final Conv2d controlnetMidBlock;

    public ControlNetModel(ControlNetConfig config) {
        this.config = config;
        this.blocks = BlockConfig.of(config);
        DownPathConfig downPath = config.downPath();
        List<Integer> channels = downPath.blockOutChannels();
        int first = channels.get(0);
        convIn = child("conv_in", new Conv2d(downPath.inChannels(), first, 3, 1, 1));
        timeProj = new Timesteps(first, downPath.flipSinToCos(), downPath.freqShift());
        timeEmbedding = child("time_embedding", new TimestepEmbedding(first, blocks.timeEmbedDim()));
        condEmbedding = child("controlnet_cond_embedding", new ControlNetConditioningEmbedding(first,
                config.conditioningChannels(), config.conditioningEmbeddingOutChannels()));
        ModuleGroup down = child("down_blocks", new ModuleGroup());
        for (int i = 0; i < blocks.blocks(); i++) {
            downBlocks.add(down.add(Integer.toString(i), DownBlock.create(blocks, i)));
        }
        // One zero convolution per skip, in the order the down path produces them (conv_in's output first).
        ModuleGroup zeros = child("controlnet_down_blocks", new ModuleGroup());
        List<Integer> skips = blocks.skipChannels();
        for (int i = 0; i < skips.size(); i++) {
            controlnetDownBlocks.add(zeros.add(Integer.toString(i), zeroConv(skips.get(i))));
        }
        int last = channels.get(channels.size() - 1);
        controlnetMidBlock = child("controlnet_mid_block", zeroConv(last));
        midBlock = child("mid_block", new UNetMidBlock2DCrossAttn(blocks));
    }

    private static Conv2d zeroConv(long channels) {
        return new Conv2d(channels, channels, 1, 1, 0, true, Init.zeros());
    }

    /**
     * The ControlNet diffusers' {@code ControlNetModel.from_unet} makes: {@code unet}'s config, its
     * {@code conv_in}, {@code time_embedding}, {@code down_blocks} and {@code mid_block} values copied (into
     * {@code manager}), the conditioning embedding random (drawn from {@code seed}, as {@link Module#initialize}
     * draws it) and every zero convolution at zero.
     */
    public static ControlNetModel fromUNet(UNet2DConditionModel unet, NDManager manager, long seed) {
        return fromUNet(unet, ControlNetConfig.fromUNet(unet.config()), manager, seed);
    }

    /** As {@link #fromUNet(UNet2DConditionModel, NDManager, long)} with {@code config} (derived from the UNet's). */
    public static ControlNetModel fromUNet(UNet2DConditionModel unet, ControlNetConfig config, NDManager manager,
            long seed) {
        ControlNetModel net = new ControlNetModel(config);
        Map<String, Parameter> source = unet.namedParameters();
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            String key = e.getKey();
            Parameter p = e.getValue();
            if (isCopiedFromUNet(key)) {
                Parameter s = source.get(key);
                if (s == null) {
                    throw new IllegalStateException("the UNet has no parameter '" + key + "' to copy");
                }
                NDArray copy = s.array().duplicate();
                copy.attach(manager);
                p.set(copy);
            } else {
                float[] values = new float[Math.toIntExact(p.size())];
                p.init().fill(values, p.shape().getShape(), new SplittableRandom(seed * 0x9E3779B97F4A7C15L
                        ^ key.hashCode()));
                try (NDArray wrapped = manager.create(values, p.shape())) {
                    p.set(wrapped.duplicate());
                }
            }
        }
        return net;
    }

    /** {@link #fromUNet(UNet2DConditionModel, NDManager, long)} into the manager holding the UNet's conv_in, seed 0. */
    public static ControlNetModel fromUNet(UNet2DConditionModel unet) {
        return fromUNet(unet, unet.namedParameters().get("conv_in.weight").array().getManager(), 0);
    }

    /** The parameters diffusers' from_unet loads from the UNet's state dict. */
    static boolean isCopiedFromUNet(String key) {
        return key.startsWith("conv_in.") || key.startsWith("time_embedding.") || key.startsWith("down_blocks.")
                || key.startsWith("mid_block.");
    }

    public ControlNetConfig config() {
        return config;
    }

    /**
     * sample [B, in_channels, h, w] (noisy latents), timesteps [B] or one value, context as the UNet takes it
     * (shared, or per layer in diffusers' order: the ControlNet reads the down and mid entries), conditioning
     * image [B, conditioning_channels, h·f, w·f] in [0, 1] (f = 8 for the default embedding) → one residual per
     * UNet skip and one for the mid block, each multiplied by {@code conditioningScale}.
     */
    public ControlResiduals forward(NDArray sample, NDArray timesteps, Conditioning context,
            NDArray conditioningImage, float conditioningScale) {
        Shape s = sample.getShape();
        long inChannels = config.downPath().inChannels();
        if (s.dimension() != 4 || s.get(1) != inChannels) {
            throw new IllegalArgumentException("ControlNet sample must be [B, " + inChannels
                    + ", h, w], got " + s);
        }
        Shape c = conditioningImage.getShape();
        int f = condEmbedding.downsampleFactor();
        if (c.dimension() != 4 || c.get(0) != s.get(0) || c.get(1) != config.conditioningChannels()
                || c.get(2) != s.get(2) * f || c.get(3) != s.get(3) * f) {
            throw new IllegalArgumentException("ControlNet conditioning image must be [" + s.get(0) + ", "
                    + config.conditioningChannels() + ", " + s.get(2) * f + ", " + s.get(3) * f
                    + "] for a sample of shape " + s + ", got " + c);
        }
        if (context.isPerLayer() && context.layers() < blocks.crossAttentionLayers()) {
            throw new IllegalArgumentException("per-layer conditioning has " + context.layers()
                    + " contexts, the ControlNet's down and mid blocks read the first "
                    + blocks.crossAttentionLayers() + " (pass the UNet's full per-layer list)");
        }
        // Half precision: inputs enter in the module's dtype, residuals leave as float32 (no op when float32).
        DataType type = dataType();
        context = context.in(type);
        NDArray temb = timeEmbedding.forward(
                Functional.cast(timeProj.forward(timesteps, s.get(0), sample.getManager()), type));
        NDArray image = Functional.cast("bgr".equals(config.controlnetConditioningChannelOrder())
                ? conditioningImage.flip(1)
                : conditioningImage, type);
        NDArray h = convIn.forward(Functional.cast(sample, type)).add(condEmbedding.forward(image));
        List<NDArray> skips = new ArrayList<>();
        skips.add(h);
        for (DownBlock b : downBlocks) {
            DownBlock.Output out = b.forward(h, temb, context);
            h = out.hidden();
            skips.addAll(out.skips());
        }
        h = midBlock.forward(h, temb, context);
        List<NDArray> down = new ArrayList<>(skips.size());
        for (int i = 0; i < skips.size(); i++) {
            down.add(finish(controlnetDownBlocks.get(i).forward(skips.get(i)), conditioningScale));
        }
        return new ControlResiduals(down, finish(controlnetMidBlock.forward(h), conditioningScale));
    }

    private NDArray finish(NDArray residual, float scale) {
        NDArray r = scale == 1f ? residual : Functional.mulScalar(residual, scale);
        // global_pool_conditions (shuffle ControlNets): each residual becomes its spatial mean.
        return Functional.cast(config.globalPoolConditions() ? r.mean(new int[] {2, 3}, true) : r, DataType.FLOAT32);
    }

    /** Cross-attention layers of the down and mid blocks: the first entries of a UNet's per-layer list it reads. */
    public int crossAttentionLayers() {
        return blocks.crossAttentionLayers();
    }

    /** Number of down residuals, equal to the number of the UNet's skip connections. */
    public int downResiduals() {
        return controlnetDownBlocks.size();
    }

    /** The zero convolutions on the skips, {@code controlnet_down_blocks.i}. */
    public List<Conv2d> controlnetDownBlocks() {
        return Collections.unmodifiableList(controlnetDownBlocks);
    }

    public Conv2d controlnetMidBlock() {
        return controlnetMidBlock;
    }

    public ControlNetConditioningEmbedding conditioningEmbedding() {
        return condEmbedding;
    }
}

package org.actionbench.engine.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code unet/config.json} of a diffusers {@code UNet2DConditionModel}. Absent fields take diffusers'
 * defaults. Fields that diffusers accepts either as one value or as one value per block
 * ({@code attention_head_dim}, {@code num_attention_heads}, {@code cross_attention_dim},
 * {@code layers_per_block}, {@code only_cross_attention}, {@code transformer_layers_per_block}) are held as
 * per-block lists, in down-block order.
 *
 * <p>Heads: diffusers' {@code attention_head_dim} is, despite its name, the number of attention heads. When
 * {@code num_attention_heads} is null (every published SD config) diffusers uses {@code attention_head_dim}
 * as the head count; {@link #heads()} applies that rule. SD 2.1: heads [5, 10, 20, 20], head size 64.
 *
 * <p>Class- and addition-conditioned UNets ({@code class_embed_type}, {@code num_class_embeds},
 * {@code addition_embed_type}, {@code encoder_hid_dim_type}, {@code time_cond_proj_dim}) are rejected with
 * a clear error rather than loaded with missing layers.
 *
 * <p>The fields a {@code ControlNetModel} shares with this UNet are read, checked and written by
 * {@code DownPathConfig}, which {@link ControlNetConfig} uses too; this record adds the up path, the output
 * and the options only the full UNet has.
 */
public record UNetConfig(
        String className,
        String diffusersVersion,
        Integer sampleSize,
        int inChannels,
        int outChannels,
        boolean centerInputSample,
        boolean flipSinToCos,
        int freqShift,
        List<String> downBlockTypes,
        String midBlockType,
        List<String> upBlockTypes,
        List<Boolean> onlyCrossAttention,
        List<Integer> blockOutChannels,
        List<Integer> layersPerBlock,
        int downsamplePadding,
        double midBlockScaleFactor,
        String actFn,
        Integer normNumGroups,
        double normEps,
        List<Integer> crossAttentionDim,
        List<Integer> transformerLayersPerBlock,
        List<Integer> attentionHeadDim,
        List<Integer> numAttentionHeads,
        boolean dualCrossAttention,
        boolean useLinearProjection,
        String classEmbedType,
        boolean upcastAttention,
        String resnetTimeScaleShift,
        String timeEmbeddingType,
        int convInKernel,
        int convOutKernel) {

    public static final String CLASS_NAME = "UNet2DConditionModel";
    static final List<String> DEFAULT_UP_BLOCKS = List.of(
            "UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D");

    public UNetConfig {
        downBlockTypes = Checks.copy(downBlockTypes);
        upBlockTypes = Checks.copy(upBlockTypes);
        onlyCrossAttention = Checks.copy(onlyCrossAttention);
        blockOutChannels = Checks.copy(blockOutChannels);
        layersPerBlock = Checks.copy(layersPerBlock);
        crossAttentionDim = Checks.copy(crossAttentionDim);
        transformerLayersPerBlock = Checks.copy(transformerLayersPerBlock);
        attentionHeadDim = Checks.copy(attentionHeadDim);
        numAttentionHeads = Checks.copy(numAttentionHeads);

        // The fields shared with ControlNetModel are validated by the down path they make up.
        new DownPathConfig(inChannels, flipSinToCos, freqShift, downBlockTypes, midBlockType, onlyCrossAttention,
                blockOutChannels, layersPerBlock, downsamplePadding, midBlockScaleFactor, actFn, normNumGroups,
                normEps, crossAttentionDim, transformerLayersPerBlock, attentionHeadDim, numAttentionHeads,
                useLinearProjection, classEmbedType, upcastAttention, resnetTimeScaleShift);
        Checks.length("up_block_types", upBlockTypes, blockOutChannels.size(), "block_out_channels");
        if (sampleSize != null) {
            Checks.positive("sample_size", sampleSize);
        }
        Checks.positive("out_channels", outChannels);
        Checks.oneOf("time_embedding_type", timeEmbeddingType, Set.of("positional", "fourier"));
        oddKernel("conv_in_kernel", convInKernel);
        oddKernel("conv_out_kernel", convOutKernel);
    }

    /** The UNet-only fields around a down path read from a file. */
    private UNetConfig(String className, String diffusersVersion, Integer sampleSize, int outChannels,
            boolean centerInputSample, List<String> upBlockTypes, boolean dualCrossAttention, String timeEmbeddingType,
            int convInKernel, int convOutKernel, DownPathConfig d) {
        this(className, diffusersVersion, sampleSize, d.inChannels(), outChannels, centerInputSample, d.flipSinToCos(),
                d.freqShift(), d.downBlockTypes(), d.midBlockType(), upBlockTypes, d.onlyCrossAttention(),
                d.blockOutChannels(), d.layersPerBlock(), d.downsamplePadding(), d.midBlockScaleFactor(), d.actFn(),
                d.normNumGroups(), d.normEps(), d.crossAttentionDim(), d.transformerLayersPerBlock(),
                d.attentionHeadDim(), d.numAttentionHeads(), dualCrossAttention, d.useLinearProjection(),
                d.classEmbedType(), d.upcastAttention(), d.resnetTimeScaleShift(), timeEmbeddingType, convInKernel,
                convOutKernel);
    }

    private static void oddKernel(String field, int k) {
        if (k <= 0 || k % 2 == 0) {
            throw new IllegalArgumentException("field '" + field + "' must be a positive odd kernel size, found " + k);
        }
    }

    /** Number of down (and up) blocks. */
    public int blocks() {
        return blockOutChannels.size();
    }

    /**
     * Attention heads per down block: {@code num_attention_heads} when set, otherwise
     * {@code attention_head_dim}, which is how diffusers reads it (see the class comment).
     */
    public List<Integer> heads() {
        return DownPathConfig.heads(numAttentionHeads, attentionHeadDim);
    }

    /** The fields a ControlNet copied from this UNet takes over (see {@link ControlNetConfig#fromUNet}). */
    DownPathConfig downPath() {
        return new DownPathConfig(inChannels, flipSinToCos, freqShift, downBlockTypes, midBlockType, onlyCrossAttention,
                blockOutChannels, layersPerBlock, downsamplePadding, midBlockScaleFactor, actFn, normNumGroups,
                normEps, crossAttentionDim, transformerLayersPerBlock, attentionHeadDim, numAttentionHeads,
                useLinearProjection, classEmbedType, upcastAttention, resnetTimeScaleShift);
    }

    /** Width of the timestep embedding MLP: 4 × block_out_channels[0], as in diffusers' positional embedding. */
    public int timeEmbedDim() {
        return blockOutChannels.get(0) * 4;
    }

    public static UNetConfig read(Path configJson) throws ConfigException {
        return from(ConfigReader.read(configJson));
    }

    /** Parses config JSON given as text (e.g. a tiny model's config built in code). */
    public static UNetConfig parse(String json) throws ConfigException {
        return from(ConfigReader.parse(json, "UNet config"));
    }

    static UNetConfig from(ConfigReader r) throws ConfigException {
        DownPathConfig down = DownPathConfig.from(r);
        try {
            return new UNetConfig(
                    r.string("_class_name", CLASS_NAME),
                    r.string("_diffusers_version", null),
                    r.optionalInt("sample_size"),
                    r.integer("out_channels", 4),
                    r.bool("center_input_sample", false),
                    r.stringList("up_block_types", DEFAULT_UP_BLOCKS),
                    r.bool("dual_cross_attention", false),
                    r.string("time_embedding_type", "positional"),
                    r.integer("conv_in_kernel", 3),
                    r.integer("conv_out_kernel", 3),
                    down);
        } catch (IllegalArgumentException e) {
            throw r.invalid(e);
        }
    }

    /**
     * Writes JSON that diffusers' {@code UNet2DConditionModel.from_config} reads back to this config. A set
     * {@code num_attention_heads} is written as {@code attention_head_dim} (see {@link #heads()}), the only
     * spelling that class accepts.
     */
    public void write(Path configJson) throws IOException {
        writer().write(configJson);
    }

    public String toJson() {
        return writer().toJsonString();
    }

    private ConfigWriter writer() {
        return downPath().writeTo(new ConfigWriter())
                .className(className)
                .diffusersVersion(diffusersVersion)
                .put("sample_size", sampleSize)
                .put("out_channels", outChannels)
                .put("center_input_sample", centerInputSample)
                .put("up_block_types", upBlockTypes)
                .put("dual_cross_attention", dualCrossAttention)
                .put("time_embedding_type", timeEmbeddingType)
                .put("conv_in_kernel", convInKernel)
                .put("conv_out_kernel", convOutKernel);
    }
}

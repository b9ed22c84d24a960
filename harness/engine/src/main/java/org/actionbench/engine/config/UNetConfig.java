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
    static final List<Integer> DEFAULT_BLOCK_OUT_CHANNELS = List.of(320, 640, 1280, 1280);
    static final List<String> DEFAULT_DOWN_BLOCKS = List.of(
            "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D");
    static final List<String> DEFAULT_UP_BLOCKS = List.of(
            "UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D");
    static final String DEFAULT_MID_BLOCK = "UNetMidBlock2DCrossAttn";
    static final Set<String> TIME_SCALE_SHIFTS = Set.of("default", "scale_shift");
    /** Fields that add conditioning layers this project does not build; they must be absent or null. */
    static final List<String> UNSUPPORTED_FIELDS = List.of(
            "num_class_embeds", "addition_embed_type", "encoder_hid_dim_type", "time_cond_proj_dim");

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

        Checks.allPositive("block_out_channels", blockOutChannels);
        int blocks = blockOutChannels.size();
        Checks.length("down_block_types", downBlockTypes, blocks, "block_out_channels");
        Checks.length("up_block_types", upBlockTypes, blocks, "block_out_channels");
        Checks.length("only_cross_attention", onlyCrossAttention, blocks, "block_out_channels");
        Checks.length("layers_per_block", layersPerBlock, blocks, "block_out_channels");
        Checks.allPositive("layers_per_block", layersPerBlock);
        Checks.length("cross_attention_dim", crossAttentionDim, blocks, "block_out_channels");
        Checks.allPositive("cross_attention_dim", crossAttentionDim);
        Checks.length("transformer_layers_per_block", transformerLayersPerBlock, blocks, "block_out_channels");
        Checks.allPositive("transformer_layers_per_block", transformerLayersPerBlock);
        Checks.length("attention_head_dim", attentionHeadDim, blocks, "block_out_channels");
        Checks.allPositive("attention_head_dim", attentionHeadDim);
        if (numAttentionHeads != null) {
            Checks.length("num_attention_heads", numAttentionHeads, blocks, "block_out_channels");
            Checks.allPositive("num_attention_heads", numAttentionHeads);
        }
        if (sampleSize != null) {
            Checks.positive("sample_size", sampleSize);
        }
        Checks.positive("in_channels", inChannels);
        Checks.positive("out_channels", outChannels);
        Checks.nonNegative("downsample_padding", downsamplePadding);
        Checks.notBlank("act_fn", actFn);
        Checks.groupsDivide("norm_num_groups", normNumGroups, blockOutChannels);
        Checks.positive("norm_eps", normEps);
        if (classEmbedType != null) {
            throw new IllegalArgumentException("field 'class_embed_type' must be null (class-conditioned UNets are "
                    + "not supported), found \"" + classEmbedType + "\"");
        }
        Checks.oneOf("resnet_time_scale_shift", resnetTimeScaleShift, TIME_SCALE_SHIFTS);
        Checks.oneOf("time_embedding_type", timeEmbeddingType, Set.of("positional", "fourier"));
        oddKernel("conv_in_kernel", convInKernel);
        oddKernel("conv_out_kernel", convOutKernel);
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
        return numAttentionHeads != null ? numAttentionHeads : attentionHeadDim;
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
        for (String f : UNSUPPORTED_FIELDS) {
            if (r.has(f)) {
                throw r.error(f, "must be null: this conditioning is not supported, found " + r.root().get(f));
            }
        }
        List<Integer> channels = r.intList("block_out_channels", DEFAULT_BLOCK_OUT_CHANNELS);
        int blocks = channels.size();
        try {
            return new UNetConfig(
                    r.string("_class_name", CLASS_NAME),
                    r.string("_diffusers_version", null),
                    r.optionalInt("sample_size"),
                    r.integer("in_channels", 4),
                    r.integer("out_channels", 4),
                    r.bool("center_input_sample", false),
                    r.bool("flip_sin_to_cos", true),
                    r.integer("freq_shift", 0),
                    r.stringList("down_block_types", DEFAULT_DOWN_BLOCKS),
                    r.string("mid_block_type", DEFAULT_MID_BLOCK),
                    r.stringList("up_block_types", DEFAULT_UP_BLOCKS),
                    r.boolPerBlock("only_cross_attention", false, blocks),
                    channels,
                    r.intPerBlock("layers_per_block", 2, blocks),
                    r.integer("downsample_padding", 1),
                    r.number("mid_block_scale_factor", 1.0),
                    r.string("act_fn", "silu"),
                    r.root().has("norm_num_groups") ? r.optionalInt("norm_num_groups") : Integer.valueOf(32),
                    r.number("norm_eps", 1e-5),
                    r.intPerBlock("cross_attention_dim", 1280, blocks),
                    r.intPerBlock("transformer_layers_per_block", 1, blocks),
                    r.intPerBlock("attention_head_dim", 8, blocks),
                    r.intPerBlock("num_attention_heads", null, blocks),
                    r.bool("dual_cross_attention", false),
                    r.bool("use_linear_projection", false),
                    r.string("class_embed_type", null),
                    r.bool("upcast_attention", false),
                    r.string("resnet_time_scale_shift", "default"),
                    r.string("time_embedding_type", "positional"),
                    r.integer("conv_in_kernel", 3),
                    r.integer("conv_out_kernel", 3));
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
        return new ConfigWriter()
                .className(className)
                .diffusersVersion(diffusersVersion)
                .put("sample_size", sampleSize)
                .put("in_channels", inChannels)
                .put("out_channels", outChannels)
                .put("center_input_sample", centerInputSample)
                .put("flip_sin_to_cos", flipSinToCos)
                .put("freq_shift", freqShift)
                .put("down_block_types", downBlockTypes)
                .put("mid_block_type", midBlockType)
                .put("up_block_types", upBlockTypes)
                .putPerBlock("only_cross_attention", onlyCrossAttention)
                .put("block_out_channels", blockOutChannels)
                .putPerBlock("layers_per_block", layersPerBlock)
                .put("downsample_padding", downsamplePadding)
                .put("mid_block_scale_factor", midBlockScaleFactor)
                .put("act_fn", actFn)
                .put("norm_num_groups", normNumGroups)
                .put("norm_eps", normEps)
                .putPerBlock("cross_attention_dim", crossAttentionDim)
                .putPerBlock("transformer_layers_per_block", transformerLayersPerBlock)
                // diffusers' UNet2DConditionModel refuses a non-null num_attention_heads and reads the head
                // count from attention_head_dim, so the heads are written there.
                .putPerBlock("attention_head_dim", heads())
                .put("dual_cross_attention", dualCrossAttention)
                .put("use_linear_projection", useLinearProjection)
                .put("class_embed_type", classEmbedType)
                .put("upcast_attention", upcastAttention)
                .put("resnet_time_scale_shift", resnetTimeScaleShift)
                .put("time_embedding_type", timeEmbeddingType)
                .put("conv_in_kernel", convInKernel)
                .put("conv_out_kernel", convOutKernel);
    }
}

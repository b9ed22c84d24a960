package org.actionbench.engine.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code controlnet/config.json} of a diffusers {@code ControlNetModel}: the down half and middle of a
 * UNet (same fields and defaults as {@link UNetConfig}) plus the conditioning-image embedding. Per-block
 * fields are held as lists, as in {@link UNetConfig}; {@link #heads()} follows the same rule.
 */
public record ControlNetConfig(
        String className,
        String diffusersVersion,
        int inChannels,
        int conditioningChannels,
        boolean flipSinToCos,
        int freqShift,
        List<String> downBlockTypes,
        String midBlockType,
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
        boolean useLinearProjection,
        String classEmbedType,
        boolean upcastAttention,
        String resnetTimeScaleShift,
        String controlnetConditioningChannelOrder,
        List<Integer> conditioningEmbeddingOutChannels,
        boolean globalPoolConditions) {

    public static final String CLASS_NAME = "ControlNetModel";
    static final List<Integer> DEFAULT_CONDITIONING_EMBEDDING = List.of(16, 32, 96, 256);

    public ControlNetConfig {
        downBlockTypes = Checks.copy(downBlockTypes);
        onlyCrossAttention = Checks.copy(onlyCrossAttention);
        blockOutChannels = Checks.copy(blockOutChannels);
        layersPerBlock = Checks.copy(layersPerBlock);
        crossAttentionDim = Checks.copy(crossAttentionDim);
        transformerLayersPerBlock = Checks.copy(transformerLayersPerBlock);
        attentionHeadDim = Checks.copy(attentionHeadDim);
        numAttentionHeads = Checks.copy(numAttentionHeads);
        conditioningEmbeddingOutChannels = Checks.copy(conditioningEmbeddingOutChannels);

        Checks.allPositive("block_out_channels", blockOutChannels);
        int blocks = blockOutChannels.size();
        Checks.length("down_block_types", downBlockTypes, blocks, "block_out_channels");
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
        Checks.positive("in_channels", inChannels);
        Checks.positive("conditioning_channels", conditioningChannels);
        Checks.nonNegative("downsample_padding", downsamplePadding);
        Checks.notBlank("act_fn", actFn);
        Checks.groupsDivide("norm_num_groups", normNumGroups, blockOutChannels);
        Checks.positive("norm_eps", normEps);
        if (classEmbedType != null) {
            throw new IllegalArgumentException("field 'class_embed_type' must be null (class-conditioned models are "
                    + "not supported), found \"" + classEmbedType + "\"");
        }
        Checks.oneOf("resnet_time_scale_shift", resnetTimeScaleShift, UNetConfig.TIME_SCALE_SHIFTS);
        Checks.oneOf("controlnet_conditioning_channel_order", controlnetConditioningChannelOrder,
                Set.of("rgb", "bgr"));
        Checks.allPositive("conditioning_embedding_out_channels", conditioningEmbeddingOutChannels);
    }

    public int blocks() {
        return blockOutChannels.size();
    }

    /** Attention heads per down block, as {@link UNetConfig#heads()}. */
    public List<Integer> heads() {
        return numAttentionHeads != null ? numAttentionHeads : attentionHeadDim;
    }

    /**
     * The ControlNet that copies {@code unet}'s down half, as diffusers' {@code ControlNetModel.from_unet}
     * builds it, with the default conditioning embedding.
     */
    public static ControlNetConfig fromUNet(UNetConfig unet) {
        return new ControlNetConfig(CLASS_NAME, unet.diffusersVersion(), unet.inChannels(), 3, unet.flipSinToCos(),
                unet.freqShift(), unet.downBlockTypes(), unet.midBlockType(), unet.onlyCrossAttention(),
                unet.blockOutChannels(), unet.layersPerBlock(), unet.downsamplePadding(), unet.midBlockScaleFactor(),
                unet.actFn(), unet.normNumGroups(), unet.normEps(), unet.crossAttentionDim(),
                unet.transformerLayersPerBlock(), unet.attentionHeadDim(), unet.numAttentionHeads(),
                unet.useLinearProjection(), null, unet.upcastAttention(), unet.resnetTimeScaleShift(), "rgb",
                DEFAULT_CONDITIONING_EMBEDDING, false);
    }

    public static ControlNetConfig read(Path configJson) throws ConfigException {
        return from(ConfigReader.read(configJson));
    }

    public static ControlNetConfig parse(String json) throws ConfigException {
        return from(ConfigReader.parse(json, "ControlNet config"));
    }

    static ControlNetConfig from(ConfigReader r) throws ConfigException {
        for (String f : UNetConfig.UNSUPPORTED_FIELDS) {
            if (r.has(f)) {
                throw r.error(f, "must be null: this conditioning is not supported, found " + r.root().get(f));
            }
        }
        List<Integer> channels = r.intList("block_out_channels", UNetConfig.DEFAULT_BLOCK_OUT_CHANNELS);
        int blocks = channels.size();
        try {
            return new ControlNetConfig(
                    r.string("_class_name", CLASS_NAME),
                    r.string("_diffusers_version", null),
                    r.integer("in_channels", 4),
                    r.integer("conditioning_channels", 3),
                    r.bool("flip_sin_to_cos", true),
                    r.integer("freq_shift", 0),
                    r.stringList("down_block_types", UNetConfig.DEFAULT_DOWN_BLOCKS),
                    r.string("mid_block_type", UNetConfig.DEFAULT_MID_BLOCK),
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
                    r.bool("use_linear_projection", false),
                    r.string("class_embed_type", null),
                    r.bool("upcast_attention", false),
                    r.string("resnet_time_scale_shift", "default"),
                    r.string("controlnet_conditioning_channel_order", "rgb"),
                    r.intList("conditioning_embedding_out_channels", DEFAULT_CONDITIONING_EMBEDDING),
                    r.bool("global_pool_conditions", false));
        } catch (IllegalArgumentException e) {
            throw r.invalid(e);
        }
    }

    /** Writes JSON diffusers' {@code ControlNetModel.from_config} reads; heads go to {@code attention_head_dim}. */
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
                .put("in_channels", inChannels)
                .put("conditioning_channels", conditioningChannels)
                .put("flip_sin_to_cos", flipSinToCos)
                .put("freq_shift", freqShift)
                .put("down_block_types", downBlockTypes)
                .put("mid_block_type", midBlockType)
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
                .putPerBlock("attention_head_dim", heads())
                .put("use_linear_projection", useLinearProjection)
                .put("class_embed_type", classEmbedType)
                .put("upcast_attention", upcastAttention)
                .put("resnet_time_scale_shift", resnetTimeScaleShift)
                .put("controlnet_conditioning_channel_order", controlnetConditioningChannelOrder)
                .put("conditioning_embedding_out_channels", conditioningEmbeddingOutChannels)
                .put("global_pool_conditions", globalPoolConditions);
    }
}

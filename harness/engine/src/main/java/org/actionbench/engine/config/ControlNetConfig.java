package org.actionbench.engine.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code controlnet/config.json} of a diffusers {@code ControlNetModel}: the down half and middle of a
 * UNet (same fields and defaults as {@link UNetConfig}, read, checked and written by the one
 * {@code DownPathConfig} both use) plus the conditioning-image embedding. Per-block fields are held as
 * lists, as in {@link UNetConfig}; {@link #heads()} follows the same rule.
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

        // The fields copied from the UNet are validated by the down path they make up.
        new DownPathConfig(inChannels, flipSinToCos, freqShift, downBlockTypes, midBlockType, onlyCrossAttention,
                blockOutChannels, layersPerBlock, downsamplePadding, midBlockScaleFactor, actFn, normNumGroups,
                normEps, crossAttentionDim, transformerLayersPerBlock, attentionHeadDim, numAttentionHeads,
                useLinearProjection, classEmbedType, upcastAttention, resnetTimeScaleShift);
        Checks.positive("conditioning_channels", conditioningChannels);
        Checks.oneOf("controlnet_conditioning_channel_order", controlnetConditioningChannelOrder,
                Set.of("rgb", "bgr"));
        Checks.allPositive("conditioning_embedding_out_channels", conditioningEmbeddingOutChannels);
    }

    /** The ControlNet-only fields around a down path read from a file or copied from a UNet. */
    private ControlNetConfig(String className, String diffusersVersion, DownPathConfig d, int conditioningChannels,
            String controlnetConditioningChannelOrder, List<Integer> conditioningEmbeddingOutChannels,
            boolean globalPoolConditions) {
        this(className, diffusersVersion, d.inChannels(), conditioningChannels, d.flipSinToCos(), d.freqShift(),
                d.downBlockTypes(), d.midBlockType(), d.onlyCrossAttention(), d.blockOutChannels(), d.layersPerBlock(),
                d.downsamplePadding(), d.midBlockScaleFactor(), d.actFn(), d.normNumGroups(), d.normEps(),
                d.crossAttentionDim(), d.transformerLayersPerBlock(), d.attentionHeadDim(), d.numAttentionHeads(),
                d.useLinearProjection(), d.classEmbedType(), d.upcastAttention(), d.resnetTimeScaleShift(),
                controlnetConditioningChannelOrder, conditioningEmbeddingOutChannels, globalPoolConditions);
    }

    public int blocks() {
        return blockOutChannels.size();
    }

    /** Attention heads per down block, as {@link UNetConfig#heads()}. */
    public List<Integer> heads() {
        return DownPathConfig.heads(numAttentionHeads, attentionHeadDim);
    }

    /**
     * The ControlNet that copies {@code unet}'s down half, as diffusers' {@code ControlNetModel.from_unet}
     * builds it, with the default conditioning embedding.
     */
    /**
     * This config with another conditioning embedding: {@code n} channel counts make {@code n - 1}
     * stride-2 convolutions, so the list must have one more entry than log2 of the VAE's downscale
     * (SD's [16, 32, 96, 256] for 8×; a 4× VAE needs three).
     */
    public ControlNetConfig withConditioningEmbeddingOutChannels(List<Integer> channels) {
        return new ControlNetConfig(className, diffusersVersion, inChannels, conditioningChannels, flipSinToCos,
                freqShift, downBlockTypes, midBlockType, onlyCrossAttention, blockOutChannels, layersPerBlock,
                downsamplePadding, midBlockScaleFactor, actFn, normNumGroups, normEps, crossAttentionDim,
                transformerLayersPerBlock, attentionHeadDim, numAttentionHeads, useLinearProjection, classEmbedType,
                upcastAttention, resnetTimeScaleShift, controlnetConditioningChannelOrder, List.copyOf(channels),
                globalPoolConditions);
    }

    public static ControlNetConfig fromUNet(UNetConfig unet) {
        return new ControlNetConfig(CLASS_NAME, unet.diffusersVersion(), unet.downPath(), 3, "rgb",
                DEFAULT_CONDITIONING_EMBEDDING, false);
    }

    public static ControlNetConfig read(Path configJson) throws ConfigException {
        return from(ConfigReader.read(configJson));
    }

    public static ControlNetConfig parse(String json) throws ConfigException {
        return from(ConfigReader.parse(json, "ControlNet config"));
    }

    static ControlNetConfig from(ConfigReader r) throws ConfigException {
        DownPathConfig down = DownPathConfig.from(r);
        try {
            return new ControlNetConfig(
                    r.string("_class_name", CLASS_NAME),
                    r.string("_diffusers_version", null),
                    down,
                    r.integer("conditioning_channels", 3),
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
        return downPath().writeTo(new ConfigWriter())
                .className(className)
                .diffusersVersion(diffusersVersion)
                .put("conditioning_channels", conditioningChannels)
                .put("controlnet_conditioning_channel_order", controlnetConditioningChannelOrder)
                .put("conditioning_embedding_out_channels", conditioningEmbeddingOutChannels)
                .put("global_pool_conditions", globalPoolConditions);
    }

    private DownPathConfig downPath() {
        return new DownPathConfig(inChannels, flipSinToCos, freqShift, downBlockTypes, midBlockType, onlyCrossAttention,
                blockOutChannels, layersPerBlock, downsamplePadding, midBlockScaleFactor, actFn, normNumGroups,
                normEps, crossAttentionDim, transformerLayersPerBlock, attentionHeadDim, numAttentionHeads,
                useLinearProjection, classEmbedType, upcastAttention, resnetTimeScaleShift);
    }
}

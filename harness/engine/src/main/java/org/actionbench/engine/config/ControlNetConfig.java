package org.actionbench.engine.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code controlnet/config.json} of a diffusers {@code ControlNetModel}: the down half and middle of a
 * UNet (the nested {@link DownPathConfig}, the same record {@link UNetConfig} holds) plus the
 * conditioning-image embedding. The JSON is flat, as diffusers reads and writes it.
 */
public record ControlNetConfig(
        String className,
        String diffusersVersion,
        DownPathConfig downPath,
        int conditioningChannels,
        String controlnetConditioningChannelOrder,
        List<Integer> conditioningEmbeddingOutChannels,
        boolean globalPoolConditions) {

    public static final String CLASS_NAME = "ControlNetModel";
    static final List<Integer> DEFAULT_CONDITIONING_EMBEDDING = List.of(16, 32, 96, 256);

    public ControlNetConfig {
        Objects.requireNonNull(downPath, "downPath");
        conditioningEmbeddingOutChannels = Checks.copy(conditioningEmbeddingOutChannels);
        Checks.positive("conditioning_channels", conditioningChannels);
        Checks.oneOf("controlnet_conditioning_channel_order", controlnetConditioningChannelOrder,
                Set.of("rgb", "bgr"));
        Checks.allPositive("conditioning_embedding_out_channels", conditioningEmbeddingOutChannels);
    }

    /**
     * This config with another conditioning embedding: {@code n} channel counts make {@code n - 1}
     * stride-2 convolutions, so the list must have one more entry than log2 of the VAE's downscale
     * (SD's [16, 32, 96, 256] for 8×; a 4× VAE needs three).
     */
    public ControlNetConfig withConditioningEmbeddingOutChannels(List<Integer> channels) {
        return new ControlNetConfig(className, diffusersVersion, downPath, conditioningChannels,
                controlnetConditioningChannelOrder, channels, globalPoolConditions);
    }

    /**
     * The ControlNet that copies {@code unet}'s down half, as diffusers' {@code ControlNetModel.from_unet}
     * builds it, with the default conditioning embedding.
     */
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
        return downPath.writeTo(new ConfigWriter())
                .className(className)
                .diffusersVersion(diffusersVersion)
                .put("conditioning_channels", conditioningChannels)
                .put("controlnet_conditioning_channel_order", controlnetConditioningChannelOrder)
                .put("conditioning_embedding_out_channels", conditioningEmbeddingOutChannels)
                .put("global_pool_conditions", globalPoolConditions);
    }
}

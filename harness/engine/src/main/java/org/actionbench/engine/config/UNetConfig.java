package org.actionbench.engine.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
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
 * <p>The fields a {@code ControlNetModel} shares with this UNet are the nested {@link DownPathConfig}, which
 * {@link ControlNetConfig} holds too; this record adds the up path, the output and the options only the full
 * UNet has. The JSON is flat, as diffusers reads and writes it.
 */
public record UNetConfig(
        String className,
        String diffusersVersion,
        Integer sampleSize,
        DownPathConfig downPath,
        int outChannels,
        boolean centerInputSample,
        List<String> upBlockTypes,
        boolean dualCrossAttention,
        String timeEmbeddingType,
        int convInKernel,
        int convOutKernel) {

    public static final String CLASS_NAME = "UNet2DConditionModel";
    static final List<String> DEFAULT_UP_BLOCKS = List.of(
            "UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D");

    public UNetConfig {
        Objects.requireNonNull(downPath, "downPath");
        upBlockTypes = Checks.copy(upBlockTypes);
        Checks.length("up_block_types", upBlockTypes, downPath.blocks(), "block_out_channels");
        if (sampleSize != null) {
            Checks.positive("sample_size", sampleSize);
        }
        Checks.positive("out_channels", outChannels);
        Checks.oneOf("time_embedding_type", timeEmbeddingType, Set.of("positional", "fourier"));
        oddKernel("conv_in_kernel", convInKernel);
        oddKernel("conv_out_kernel", convOutKernel);
    }

    private static void oddKernel(String field, int k) {
        if (k <= 0 || k % 2 == 0) {
            throw new IllegalArgumentException("field '" + field + "' must be a positive odd kernel size, found " + k);
        }
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
                    down,
                    r.integer("out_channels", 4),
                    r.bool("center_input_sample", false),
                    r.stringList("up_block_types", DEFAULT_UP_BLOCKS),
                    r.bool("dual_cross_attention", false),
                    r.string("time_embedding_type", "positional"),
                    r.integer("conv_in_kernel", 3),
                    r.integer("conv_out_kernel", 3));
        } catch (IllegalArgumentException e) {
            throw r.invalid(e);
        }
    }

    /**
     * Writes JSON that diffusers' {@code UNet2DConditionModel.from_config} reads back to this config. A set
     * {@code num_attention_heads} is written as {@code attention_head_dim} (see {@link DownPathConfig#heads()}), the only
     * spelling that class accepts.
     */
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

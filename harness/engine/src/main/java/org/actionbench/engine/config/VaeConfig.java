package org.actionbench.engine.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code vae/config.json} of a diffusers {@code AutoencoderKL}, with diffusers' defaults for absent fields.
 * {@code scaling_factor} (0.18215 for SD 1.x/2.x) multiplies encoder latents before the UNet sees them;
 * {@code shift_factor} (null for SD) is subtracted first when present.
 */
public record VaeConfig(
        String className,
        String diffusersVersion,
        int inChannels,
        int outChannels,
        List<String> downBlockTypes,
        List<String> upBlockTypes,
        List<Integer> blockOutChannels,
        int layersPerBlock,
        String actFn,
        int latentChannels,
        int normNumGroups,
        int sampleSize,
        double scalingFactor,
        Double shiftFactor,
        boolean forceUpcast,
        boolean useQuantConv,
        boolean usePostQuantConv,
        boolean midBlockAddAttention) {

    public static final String CLASS_NAME = "AutoencoderKL";

    public VaeConfig {
        downBlockTypes = Checks.copy(downBlockTypes);
        upBlockTypes = Checks.copy(upBlockTypes);
        blockOutChannels = Checks.copy(blockOutChannels);
        Checks.allPositive("block_out_channels", blockOutChannels);
        int blocks = blockOutChannels.size();
        Checks.length("down_block_types", downBlockTypes, blocks, "block_out_channels");
        Checks.length("up_block_types", upBlockTypes, blocks, "block_out_channels");
        Checks.positive("in_channels", inChannels);
        Checks.positive("out_channels", outChannels);
        Checks.positive("layers_per_block", layersPerBlock);
        Checks.notBlank("act_fn", actFn);
        Checks.positive("latent_channels", latentChannels);
        Checks.groupsDivide("norm_num_groups", normNumGroups, blockOutChannels);
        Checks.positive("sample_size", sampleSize);
        Checks.positive("scaling_factor", scalingFactor);
        if (shiftFactor != null && !Double.isFinite(shiftFactor)) {
            throw new IllegalArgumentException("field 'shift_factor' must be a finite number, found " + shiftFactor);
        }
    }

    /** Spatial downsampling from image to latent: 2^(blocks − 1), 8 for SD. */
    public int downsampleFactor() {
        return 1 << (blockOutChannels.size() - 1);
    }

    public static VaeConfig read(Path configJson) throws ConfigException {
        return from(ConfigReader.read(configJson));
    }

    public static VaeConfig parse(String json) throws ConfigException {
        return from(ConfigReader.parse(json, "VAE config"));
    }

    static VaeConfig from(ConfigReader r) throws ConfigException {
        try {
            return new VaeConfig(
                    r.string("_class_name", CLASS_NAME),
                    r.string("_diffusers_version", null),
                    r.integer("in_channels", 3),
                    r.integer("out_channels", 3),
                    r.stringList("down_block_types", List.of("DownEncoderBlock2D")),
                    r.stringList("up_block_types", List.of("UpDecoderBlock2D")),
                    r.intList("block_out_channels", List.of(64)),
                    r.integer("layers_per_block", 1),
                    r.string("act_fn", "silu"),
                    r.integer("latent_channels", 4),
                    r.integer("norm_num_groups", 32),
                    r.integer("sample_size", 32),
                    r.number("scaling_factor", 0.18215),
                    r.optionalNumber("shift_factor"),
                    r.bool("force_upcast", true),
                    r.bool("use_quant_conv", true),
                    r.bool("use_post_quant_conv", true),
                    r.bool("mid_block_add_attention", true));
        } catch (IllegalArgumentException e) {
            throw r.invalid(e);
        }
    }

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
                .put("out_channels", outChannels)
                .put("down_block_types", downBlockTypes)
                .put("up_block_types", upBlockTypes)
                .put("block_out_channels", blockOutChannels)
                .put("layers_per_block", layersPerBlock)
                .put("act_fn", actFn)
                .put("latent_channels", latentChannels)
                .put("norm_num_groups", normNumGroups)
                .put("sample_size", sampleSize)
                .put("scaling_factor", scalingFactor)
                .put("shift_factor", shiftFactor)
                .put("force_upcast", forceUpcast)
                .put("use_quant_conv", useQuantConv)
                .put("use_post_quant_conv", usePostQuantConv)
                .put("mid_block_add_attention", midBlockAddAttention);
    }
}

package org.actionbench.engine.config;

import java.util.List;
import java.util.Set;

/**
 * The fields a diffusers {@code ControlNetModel} shares with the {@code UNet2DConditionModel} it copies: input
 * conv, timestep embedding, down blocks, middle block and their attention settings. Their diffusers defaults,
 * per-block parsing, validation and JSON spelling live here once; {@link UNetConfig} and {@link ControlNetConfig}
 * hold one as their {@code downPath} component. The JSON stays flat, as diffusers writes it: these fields sit
 * beside the UNet's or ControlNet's own at the top level of {@code config.json}.
 *
 * <p>Per-block fields ({@code only_cross_attention}, {@code layers_per_block}, {@code cross_attention_dim},
 * {@code transformer_layers_per_block}, {@code attention_head_dim}, {@code num_attention_heads}) are held as one
 * entry per down block, whichever of diffusers' two spellings the file used.
 */
public record DownPathConfig(
        int inChannels, boolean flipSinToCos, int freqShift, List<String> downBlockTypes, String midBlockType,
        List<Boolean> onlyCrossAttention, List<Integer> blockOutChannels, List<Integer> layersPerBlock,
        int downsamplePadding, double midBlockScaleFactor, String actFn, Integer normNumGroups, double normEps,
        List<Integer> crossAttentionDim, List<Integer> transformerLayersPerBlock, List<Integer> attentionHeadDim,
        List<Integer> numAttentionHeads, boolean useLinearProjection, String classEmbedType, boolean upcastAttention,
        String resnetTimeScaleShift) {

    static final List<Integer> DEFAULT_BLOCK_OUT_CHANNELS = List.of(320, 640, 1280, 1280);
    static final List<String> DEFAULT_DOWN_BLOCKS = List.of(
            "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D");
    static final String DEFAULT_MID_BLOCK = "UNetMidBlock2DCrossAttn";
    static final Set<String> TIME_SCALE_SHIFTS = Set.of("default", "scale_shift");
    /** Fields that add conditioning layers this project does not build; they must be absent or null. */
    static final List<String> UNSUPPORTED_FIELDS = List.of(
            "num_class_embeds", "addition_embed_type", "encoder_hid_dim_type", "time_cond_proj_dim");

    public DownPathConfig {
        downBlockTypes = Checks.copy(downBlockTypes);
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
        Checks.length("only_cross_attention", onlyCrossAttention, blocks, "block_out_channels");
        positivePerBlock("layers_per_block", layersPerBlock, blocks);
        positivePerBlock("cross_attention_dim", crossAttentionDim, blocks);
        positivePerBlock("transformer_layers_per_block", transformerLayersPerBlock, blocks);
        positivePerBlock("attention_head_dim", attentionHeadDim, blocks);
        if (numAttentionHeads != null) {
            positivePerBlock("num_attention_heads", numAttentionHeads, blocks);
        }
        Checks.positive("in_channels", inChannels);
        Checks.nonNegative("downsample_padding", downsamplePadding);
        Checks.notBlank("act_fn", actFn);
        Checks.groupsDivide("norm_num_groups", normNumGroups, blockOutChannels);
        Checks.positive("norm_eps", normEps);
        if (classEmbedType != null) {
            throw new IllegalArgumentException("field 'class_embed_type' must be null (class-conditioned models are "
                    + "not supported), found \"" + classEmbedType + "\"");
        }
        Checks.oneOf("resnet_time_scale_shift", resnetTimeScaleShift, TIME_SCALE_SHIFTS);
    }

    private static void positivePerBlock(String field, List<Integer> values, int blocks) {
        Checks.length(field, values, blocks, "block_out_channels");
        Checks.allPositive(field, values);
    }

    /** Number of down blocks (and, in a UNet, of up blocks). */
    public int blocks() {
        return blockOutChannels.size();
    }

    /**
     * Attention heads per down block: {@code num_attention_heads} when set, otherwise {@code attention_head_dim},
     * which despite its name is the head count in diffusers whenever {@code num_attention_heads} is null.
     */
    public List<Integer> heads() {
        return numAttentionHeads != null ? numAttentionHeads : attentionHeadDim;
    }

    /** Width of the timestep embedding MLP: 4 × block_out_channels[0], as in diffusers' positional embedding. */
    public int timeEmbedDim() {
        return blockOutChannels.get(0) * 4;
    }

    /** Reads the shared fields with diffusers' defaults; rejects the conditioning this project does not build. */
    static DownPathConfig from(ConfigReader r) throws ConfigException {
        for (String f : UNSUPPORTED_FIELDS) {
            if (r.has(f)) {
                throw r.error(f, "must be null: this conditioning is not supported, found " + r.root().get(f));
            }
        }
        List<Integer> channels = r.intList("block_out_channels", DEFAULT_BLOCK_OUT_CHANNELS);
        int blocks = channels.size();
        try {
            return new DownPathConfig(
                    r.integer("in_channels", 4),
                    r.bool("flip_sin_to_cos", true),
                    r.integer("freq_shift", 0),
                    r.stringList("down_block_types", DEFAULT_DOWN_BLOCKS),
                    r.string("mid_block_type", DEFAULT_MID_BLOCK),
                    r.boolPerBlock("only_cross_attention", false, blocks),
                    channels,
                    r.intPerBlock("layers_per_block", 2, blocks),
                    r.integer("downsample_padding", 1),
                    r.number("mid_block_scale_factor", 1.0),
                    r.string("act_fn", "silu"),
                    // An explicit null means no group norm; only an absent field takes diffusers' 32.
                    r.root().has("norm_num_groups") ? r.optionalInt("norm_num_groups") : Integer.valueOf(32),
                    r.number("norm_eps", 1e-5),
                    r.intPerBlock("cross_attention_dim", 1280, blocks),
                    r.intPerBlock("transformer_layers_per_block", 1, blocks),
                    r.intPerBlock("attention_head_dim", 8, blocks),
                    r.intPerBlock("num_attention_heads", null, blocks),
                    r.bool("use_linear_projection", false),
                    r.string("class_embed_type", null),
                    r.bool("upcast_attention", false),
                    r.string("resnet_time_scale_shift", "default"));
        } catch (IllegalArgumentException e) {
            throw r.invalid(e);
        }
    }

    /** Adds the shared fields to {@code w} as diffusers writes them; uniform per-block lists become one value. */
    ConfigWriter writeTo(ConfigWriter w) {
        return w.put("in_channels", inChannels)
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
                // diffusers' UNet2DConditionModel refuses a non-null num_attention_heads and reads the head count
                // from attention_head_dim (as ControlNetModel does when num_attention_heads is null), so the
                // heads are written there.
                .putPerBlock("attention_head_dim", heads())
                .put("use_linear_projection", useLinearProjection)
                .put("class_embed_type", classEmbedType)
                .put("upcast_attention", upcastAttention)
                .put("resnet_time_scale_shift", resnetTimeScaleShift);
    }
}

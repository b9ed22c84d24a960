package org.actionbench.engine.unet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.actionbench.engine.config.ControlNetConfig;
import org.actionbench.engine.config.DownPathConfig;
import org.actionbench.engine.config.UNetConfig;

/**
 * What the UNet's blocks are built from, taken from a {@link UNetConfig} or a {@link ControlNetConfig} (whose
 * down path and mid block copy the UNet's), with the options this project does not build rejected by field
 * name. Per-block lists are in down-block order; the up path reads them reversed, as diffusers does.
 *
 * <p>Cross-attention layers are numbered in diffusers' order: every transformer block of the down blocks,
 * then the mid block, then the up blocks. With one transformer block per attention (every SD config) that
 * is one layer per {@code attentions.i}: 16 for SD 2.1.
 *
 * @param upBlockTypes null for a ControlNet, which has no up path
 */
public record BlockConfig(
        List<String> downBlockTypes,
        String midBlockType,
        List<String> upBlockTypes,
        List<Integer> blockOutChannels,
        List<Integer> layersPerBlock,
        List<Integer> heads,
        List<Integer> crossAttentionDim,
        List<Integer> transformerLayersPerBlock,
        boolean useLinearProjection,
        int normNumGroups,
        double normEps,
        int downsamplePadding,
        double midBlockScaleFactor,
        String resnetTimeScaleShift,
        int timeEmbedDim) {

    public static final String CROSS_ATTN_DOWN = "CrossAttnDownBlock2D";
    public static final String DOWN = "DownBlock2D";
    public static final String CROSS_ATTN_UP = "CrossAttnUpBlock2D";
    public static final String UP = "UpBlock2D";
    public static final String MID = "UNetMidBlock2DCrossAttn";
    private static final Set<String> ACTIVATIONS = Set.of("silu", "swish");

    public BlockConfig {
        downBlockTypes = List.copyOf(downBlockTypes);
        upBlockTypes = upBlockTypes == null ? null : List.copyOf(upBlockTypes);
        blockOutChannels = List.copyOf(blockOutChannels);
        layersPerBlock = List.copyOf(layersPerBlock);
        heads = List.copyOf(heads);
        crossAttentionDim = List.copyOf(crossAttentionDim);
        transformerLayersPerBlock = List.copyOf(transformerLayersPerBlock);
        for (String t : downBlockTypes) {
            if (!t.equals(CROSS_ATTN_DOWN) && !t.equals(DOWN)) {
                throw new IllegalArgumentException("down_block_types: \"" + t + "\" is not supported (only "
                        + CROSS_ATTN_DOWN + " and " + DOWN + ")");
            }
        }
        if (!MID.equals(midBlockType)) {
            throw new IllegalArgumentException("mid_block_type: " + (midBlockType == null ? "null" : "\""
                    + midBlockType + "\"") + " is not supported (only " + MID + ")");
        }
        if (upBlockTypes != null) {
            for (String t : upBlockTypes) {
                if (!t.equals(CROSS_ATTN_UP) && !t.equals(UP)) {
                    throw new IllegalArgumentException("up_block_types: \"" + t + "\" is not supported (only "
                            + CROSS_ATTN_UP + " and " + UP + ")");
                }
            }
        }
        for (int i = 0; i < blockOutChannels.size(); i++) {
            if (blockOutChannels.get(i) % heads.get(i) != 0) {
                throw new IllegalArgumentException("block_out_channels[" + i + "] = " + blockOutChannels.get(i)
                        + " is not divisible by its " + heads.get(i) + " attention heads (attention_head_dim)");
            }
        }
    }

    public static BlockConfig of(UNetConfig c) {
        if (c.dualCrossAttention()) {
            throw new IllegalArgumentException("field 'dual_cross_attention' must be false (not supported)");
        }
        if (!"positional".equals(c.timeEmbeddingType())) {
            throw new IllegalArgumentException("field 'time_embedding_type' must be \"positional\", found \""
                    + c.timeEmbeddingType() + "\"");
        }
        return of(c.downPath(), c.upBlockTypes());
    }

    /** The ControlNet's down path and mid block (its time embedding is 4 × block_out_channels[0] too). */
    public static BlockConfig of(ControlNetConfig c) {
        return of(c.downPath(), null);
    }

    private static BlockConfig of(DownPathConfig d, List<String> upBlockTypes) {
        if (!ACTIVATIONS.contains(d.actFn())) {
            throw new IllegalArgumentException("field 'act_fn' must be \"silu\", found \"" + d.actFn() + "\"");
        }
        if (d.normNumGroups() == null) {
            throw new IllegalArgumentException("field 'norm_num_groups' must be set (models without group "
                    + "norm are not supported)");
        }
        if (d.onlyCrossAttention().contains(Boolean.TRUE)) {
            throw new IllegalArgumentException("field 'only_cross_attention' must be false (not supported)");
        }
        // resnet_time_scale_shift "scale_shift" is rejected by ResnetBlock2D when the first block is built.
        return new BlockConfig(d.downBlockTypes(), d.midBlockType(), upBlockTypes, d.blockOutChannels(),
                d.layersPerBlock(), d.heads(), d.crossAttentionDim(), d.transformerLayersPerBlock(),
                d.useLinearProjection(), d.normNumGroups(), d.normEps(), d.downsamplePadding(),
                d.midBlockScaleFactor(), d.resnetTimeScaleShift(), d.timeEmbedDim());
    }

    public int blocks() {
        return blockOutChannels.size();
    }

    public boolean downHasCrossAttention(int i) {
        return downBlockTypes.get(i).equals(CROSS_ATTN_DOWN);
    }

    /** Up block i reads the per-block lists at down index blocks − 1 − i. */
    public boolean upHasCrossAttention(int i) {
        return upBlocks().get(i).equals(CROSS_ATTN_UP);
    }

    private List<String> upBlocks() {
        if (upBlockTypes == null) {
            throw new IllegalStateException("this configuration has no up path (a ControlNet's)");
        }
        return upBlockTypes;
    }

    /** Cross-attention layers (transformer blocks) of down block i. */
    public int downCrossAttentionLayers(int i) {
        return downHasCrossAttention(i) ? layersPerBlock.get(i) * transformerLayersPerBlock.get(i) : 0;
    }

    public int midCrossAttentionLayers() {
        return transformerLayersPerBlock.get(blocks() - 1);
    }

    /** Up block i has layers_per_block + 1 resnets (and attentions), per-block values reversed. */
    public int upCrossAttentionLayers(int i) {
        int d = blocks() - 1 - i;
        return upHasCrossAttention(i) ? (layersPerBlock.get(d) + 1) * transformerLayersPerBlock.get(d) : 0;
    }

    public int firstDownLayer(int i) {
        int n = 0;
        for (int j = 0; j < i; j++) {
            n += downCrossAttentionLayers(j);
        }
        return n;
    }

    public int firstMidLayer() {
        return firstDownLayer(blocks());
    }

    public int firstUpLayer(int i) {
        int n = firstMidLayer() + midCrossAttentionLayers();
        for (int j = 0; j < i; j++) {
            n += upCrossAttentionLayers(j);
        }
        return n;
    }

    /** All cross-attention layers of the UNet (down, mid and, when present, up). */
    public int crossAttentionLayers() {
        return upBlockTypes == null ? firstMidLayer() + midCrossAttentionLayers() : firstUpLayer(blocks());
    }

    /** Skip tensors the down path produces: conv_in's output, one per resnet, one per downsampler. */
    public List<Integer> skipChannels() {
        List<Integer> out = new ArrayList<>();
        out.add(blockOutChannels.get(0));
        for (int i = 0; i < blocks(); i++) {
            for (int j = 0; j < layersPerBlock.get(i); j++) {
                out.add(blockOutChannels.get(i));
            }
            if (i < blocks() - 1) {
                out.add(blockOutChannels.get(i));
            }
        }
        return Collections.unmodifiableList(out);
    }
}

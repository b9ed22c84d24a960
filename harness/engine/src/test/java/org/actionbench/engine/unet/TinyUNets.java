package org.actionbench.engine.unet;

import org.actionbench.engine.config.ConfigException;
import org.actionbench.engine.config.UNetConfig;

/** Tiny UNet configs for tests (diffusers' JSON, so the defaults come from the same reader as real snapshots). */
final class TinyUNets {
    static final int CROSS_DIM = 16;

    private TinyUNets() {
    }

    /**
     * Two blocks (32, 64 channels), a cross-attention down block then a plain one, mirrored in the up path,
     * linear projections as SD 2.x: 4 cross-attention layers (1 down, 1 mid, 2 up), 4 skips.
     */
    static UNetConfig tiny(int layersPerBlock) {
        return parse(layersPerBlock, true, "");
    }

    /** As {@link #tiny} with 1×1-conv projections (SD 1.x). */
    static UNetConfig tinyConvProjection(int layersPerBlock) {
        return parse(layersPerBlock, false, "");
    }

    static UNetConfig parse(int layersPerBlock, boolean linear, String extra) {
        try {
            return UNetConfig.parse("""
                    {"_class_name": "UNet2DConditionModel",
                     "block_out_channels": [32, 64], "layers_per_block": %d, "norm_num_groups": 8,
                     "cross_attention_dim": %d, "attention_head_dim": [2, 4],
                     "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"],
                     "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"],
                     "in_channels": 4, "out_channels": 4, "sample_size": 8,
                     "use_linear_projection": %s %s}
                    """.formatted(layersPerBlock, CROSS_DIM, linear, extra));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.actionbench.engine.config;

import static org.actionbench.engine.config.ConfigAssertions.readFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlNetConfigTest {
    @TempDir
    Path dir;

    /** diffusers' ControlNetModel.__init__ defaults, listed by hand. */
    @Test
    void absentFieldsTakeDiffusersDefaults() throws IOException {
        ControlNetConfig c = ControlNetConfig.parse("{\"_class_name\": \"ControlNetModel\"}");
        assertEquals(4, c.downPath().inChannels());
        assertEquals(3, c.conditioningChannels());
        assertEquals(List.of(16, 32, 96, 256), c.conditioningEmbeddingOutChannels());
        assertEquals("rgb", c.controlnetConditioningChannelOrder());
        assertEquals(List.of(320, 640, 1280, 1280), c.downPath().blockOutChannels());
        assertEquals(List.of(8, 8, 8, 8), c.downPath().heads());
        assertEquals(List.of(1280, 1280, 1280, 1280), c.downPath().crossAttentionDim());
        assertEquals(List.of(2, 2, 2, 2), c.downPath().layersPerBlock());
        assertEquals("UNetMidBlock2DCrossAttn", c.downPath().midBlockType());
        assertFalse(c.globalPoolConditions());
        assertFalse(c.downPath().useLinearProjection());
        assertNull(c.downPath().classEmbedType());
    }

    @Test
    void sd21ControlNetFromItsUNetAndBack() throws Exception {
        UNetConfig unet = UNetConfig.read(Sd21BaseConfigsTest.snapshot().resolve("unet/config.json"));
        ControlNetConfig c = ControlNetConfig.fromUNet(unet);
        assertEquals(List.of(5, 10, 20, 20), c.downPath().heads());
        assertEquals(List.of(1024, 1024, 1024, 1024), c.downPath().crossAttentionDim());
        Path f = dir.resolve("controlnet/config.json");
        c.write(f);
        assertEquals(c, ControlNetConfig.read(f));
    }

    @Test
    void invalidValuesAreNamed() throws IOException {
        readFails(dir, ControlNetConfig::read, "{\"controlnet_conditioning_channel_order\": \"rbg\"}",
                "field 'controlnet_conditioning_channel_order'", "\"rbg\"");
        readFails(dir, ControlNetConfig::read, "{\"conditioning_embedding_out_channels\": [16, \"32\"]}",
                "field 'conditioning_embedding_out_channels'");
        readFails(dir, ControlNetConfig::read, "{\"class_embed_type\": \"projection\"}", "field 'class_embed_type'");
    }

    /** The down-path rules a UNet config obeys hold for a ControlNet config too (diffusers shares the fields). */
    @Test
    void downPathFieldsAreCheckedAsInTheUNet() throws IOException {
        readFails(dir, ControlNetConfig::read, "{\"num_class_embeds\": 10}", "field 'num_class_embeds'", "must be null");
        readFails(dir, ControlNetConfig::read, "{\"attention_head_dim\": [5, 10, 20]}", "field 'attention_head_dim'",
                "3 entries", "(4)");
        readFails(dir, ControlNetConfig::read, "{\"layers_per_block\": 0}", "field 'layers_per_block'", "positive");
        readFails(dir, ControlNetConfig::read, "{\"down_block_types\": [\"DownBlock2D\"]}",
                "field 'down_block_types'", "1 entries");
        readFails(dir, ControlNetConfig::read, "{\"norm_num_groups\": 30}", "field 'norm_num_groups'", "320");
        readFails(dir, ControlNetConfig::read, "{\"resnet_time_scale_shift\": \"shift\"}",
                "field 'resnet_time_scale_shift'", "\"shift\"");
    }

    /**
     * A ControlNet copied from a UNet writes the shared fields with the UNet's JSON values, and exactly the
     * fields of diffusers' ControlNetModel config that this project supports (listed by hand).
     */
    @Test
    void writesTheSharedFieldsAsTheUNetDoes() throws IOException {
        UNetConfig unet = UNetConfig.parse("{\"block_out_channels\": [32, 64], \"down_block_types\":"
                + " [\"CrossAttnDownBlock2D\", \"DownBlock2D\"], \"up_block_types\": [\"UpBlock2D\", \"CrossAttnUpBlock2D\"],"
                + " \"num_attention_heads\": [2, 4], \"cross_attention_dim\": 16, \"layers_per_block\": [1, 2],"
                + " \"norm_num_groups\": 8, \"_diffusers_version\": \"0.27.0\"}");
        JsonNode u = new ObjectMapper().readTree(unet.toJson());
        JsonNode c = new ObjectMapper().readTree(ControlNetConfig.fromUNet(unet).toJson());
        List<String> shared = List.of("in_channels", "flip_sin_to_cos", "freq_shift", "down_block_types",
                "mid_block_type", "only_cross_attention", "block_out_channels", "layers_per_block", "downsample_padding",
                "mid_block_scale_factor", "act_fn", "norm_num_groups", "norm_eps", "cross_attention_dim",
                "transformer_layers_per_block", "attention_head_dim", "use_linear_projection", "class_embed_type",
                "upcast_attention", "resnet_time_scale_shift");
        for (String f : shared) {
            assertEquals(u.get(f), c.get(f), f);
        }
        assertEquals("[2,4]", c.get("attention_head_dim").toString());
        assertEquals("[1,2]", c.get("layers_per_block").toString());
        assertEquals(16, c.get("cross_attention_dim").intValue());
        Set<String> expected = new TreeSet<>(shared);
        expected.addAll(List.of("_class_name", "_diffusers_version", "conditioning_channels",
                "controlnet_conditioning_channel_order", "conditioning_embedding_out_channels", "global_pool_conditions"));
        Set<String> written = new TreeSet<>();
        c.fieldNames().forEachRemaining(written::add);
        assertEquals(expected, written);
    }
}

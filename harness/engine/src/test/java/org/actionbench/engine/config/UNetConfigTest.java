package org.actionbench.engine.config;

import static org.actionbench.engine.config.ConfigAssertions.readFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UNetConfigTest {
    @TempDir
    Path dir;

    /** diffusers' UNet2DConditionModel.__init__ defaults, listed by hand. */
    @Test
    void absentFieldsTakeDiffusersDefaults() throws IOException {
        UNetConfig u = UNetConfig.parse("{\"_class_name\": \"UNet2DConditionModel\", \"_diffusers_version\": \"0.27.0\","
                + " \"some_future_field\": [1, 2]}");
        assertNull(u.sampleSize());
        assertEquals(4, u.downPath().inChannels());
        assertEquals(4, u.outChannels());
        assertFalse(u.centerInputSample());
        assertTrue(u.downPath().flipSinToCos());
        assertEquals(0, u.downPath().freqShift());
        assertEquals(List.of(320, 640, 1280, 1280), u.downPath().blockOutChannels());
        assertEquals("UNetMidBlock2DCrossAttn", u.downPath().midBlockType());
        assertEquals(List.of(2, 2, 2, 2), u.downPath().layersPerBlock());
        assertEquals(1, u.downPath().downsamplePadding());
        assertEquals(1.0, u.downPath().midBlockScaleFactor());
        assertEquals("silu", u.downPath().actFn());
        assertEquals(32, u.downPath().normNumGroups());
        assertEquals(1e-5, u.downPath().normEps());
        assertEquals(List.of(1280, 1280, 1280, 1280), u.downPath().crossAttentionDim());
        assertEquals(List.of(1, 1, 1, 1), u.downPath().transformerLayersPerBlock());
        assertEquals(List.of(8, 8, 8, 8), u.downPath().attentionHeadDim());
        assertNull(u.downPath().numAttentionHeads());
        assertEquals(List.of(8, 8, 8, 8), u.downPath().heads());
        assertFalse(u.downPath().useLinearProjection());
        assertFalse(u.downPath().upcastAttention());
        assertFalse(u.dualCrossAttention());
        assertEquals(List.of(false, false, false, false), u.downPath().onlyCrossAttention());
        assertEquals("default", u.downPath().resnetTimeScaleShift());
        assertEquals("positional", u.timeEmbeddingType());
        assertEquals(3, u.convInKernel());
        assertEquals(3, u.convOutKernel());
        assertEquals("0.27.0", u.diffusersVersion());
    }

    @Test
    void perBlockFieldsAcceptOneValueOrAList() throws IOException {
        UNetConfig u = UNetConfig.parse("{\"block_out_channels\": [32, 64], \"down_block_types\": [\"CrossAttnDownBlock2D\","
                + " \"DownBlock2D\"], \"up_block_types\": [\"UpBlock2D\", \"CrossAttnUpBlock2D\"], \"attention_head_dim\": 4,"
                + " \"num_attention_heads\": [2, 4], \"cross_attention_dim\": [16, 24], \"layers_per_block\": [1, 2],"
                + " \"only_cross_attention\": [true, false], \"transformer_layers_per_block\": 2, \"norm_num_groups\": 8}");
        assertEquals(2, u.downPath().blocks());
        assertEquals(List.of(4, 4), u.downPath().attentionHeadDim());
        assertEquals(List.of(2, 4), u.downPath().numAttentionHeads());
        assertEquals(List.of(2, 4), u.downPath().heads(), "num_attention_heads wins when set");
        assertEquals(List.of(16, 24), u.downPath().crossAttentionDim());
        assertEquals(List.of(1, 2), u.downPath().layersPerBlock());
        assertEquals(List.of(true, false), u.downPath().onlyCrossAttention());
        assertEquals(List.of(2, 2), u.downPath().transformerLayersPerBlock());
        assertEquals(128, u.downPath().timeEmbedDim());
    }

    @Test
    void writesUniformListsAsOneValueAndHeadsAsAttentionHeadDim() throws IOException {
        UNetConfig u = UNetConfig.parse("{\"block_out_channels\": [32, 64], \"down_block_types\": [\"CrossAttnDownBlock2D\","
                + " \"DownBlock2D\"], \"up_block_types\": [\"UpBlock2D\", \"CrossAttnUpBlock2D\"], \"num_attention_heads\": [2, 4],"
                + " \"cross_attention_dim\": 16, \"norm_num_groups\": 8, \"sample_size\": 8}");
        JsonNode json = new ObjectMapper().readTree(u.toJson());
        assertEquals(16, json.get("cross_attention_dim").intValue());
        assertEquals(2, json.get("layers_per_block").intValue());
        assertEquals("[2,4]", json.get("attention_head_dim").toString());
        assertFalse(json.has("num_attention_heads"), "diffusers' UNet refuses num_attention_heads");
        Path f = dir.resolve("unet/config.json");
        u.write(f);
        UNetConfig back = UNetConfig.read(f);
        assertEquals(u.downPath().heads(), back.downPath().heads());
        assertEquals(u.downPath().crossAttentionDim(), back.downPath().crossAttentionDim());
        assertEquals(8, back.sampleSize());
    }

    /**
     * The shared fields are one nested record in Java but sit at the top level of config.json, beside the
     * UNet's own, as diffusers writes them; a ControlNet copied from the UNet holds the very same down path.
     */
    @Test
    void theDownPathIsNestedInTheRecordAndFlatInTheJson() throws IOException {
        UNetConfig u = UNetConfig.parse("{\"block_out_channels\": [32, 64], \"down_block_types\": [\"CrossAttnDownBlock2D\","
                + " \"DownBlock2D\"], \"up_block_types\": [\"UpBlock2D\", \"CrossAttnUpBlock2D\"], \"attention_head_dim\": 2,"
                + " \"cross_attention_dim\": 16, \"norm_num_groups\": 8, \"in_channels\": 3, \"out_channels\": 5}");
        JsonNode json = new ObjectMapper().readTree(u.toJson());
        for (var field : json.properties()) {
            assertFalse(field.getValue().isObject(), "no nested object in config.json: " + field.getKey());
        }
        assertEquals(3, json.get("in_channels").intValue());
        assertEquals(5, json.get("out_channels").intValue());
        assertEquals("[32,64]", json.get("block_out_channels").toString());
        assertEquals(u.downPath(), ControlNetConfig.fromUNet(u).downPath());
        assertEquals(u.downPath(), ControlNetConfig.parse(u.toJson()).downPath(),
                "a ControlNet reads the down-path fields of a UNet's config.json");
    }

    @Test
    void wrongTypesNameTheFileAndField() throws IOException {
        readFails(dir, UNetConfig::read, "{\"layers_per_block\": \"two\"}", "field 'layers_per_block'",
                "\"two\"", "a string");
        readFails(dir, UNetConfig::read, "{\"in_channels\": 4.5}", "field 'in_channels'", "must be an integer");
        readFails(dir, UNetConfig::read, "{\"use_linear_projection\": 1}", "field 'use_linear_projection'",
                "true or false");
        readFails(dir, UNetConfig::read, "{\"block_out_channels\": 320}", "field 'block_out_channels'", "list");
        readFails(dir, UNetConfig::read, "{\"transformer_layers_per_block\": [[1, 2], [3]]}",
                "field 'transformer_layers_per_block'");
        readFails(dir, UNetConfig::read, "{\"in_channels\": ", "not valid JSON");
        readFails(dir, UNetConfig::read, "[1]", "expected a JSON object");
    }

    @Test
    void invalidValuesNameTheFileAndField() throws IOException {
        readFails(dir, UNetConfig::read, "{\"class_embed_type\": \"timestep\"}", "field 'class_embed_type'",
                "must be null", "\"timestep\"");
        readFails(dir, UNetConfig::read, "{\"num_class_embeds\": 10}", "field 'num_class_embeds'", "must be null");
        readFails(dir, UNetConfig::read, "{\"addition_embed_type\": \"text_time\"}", "field 'addition_embed_type'");
        readFails(dir, UNetConfig::read, "{\"attention_head_dim\": [5, 10, 20]}", "field 'attention_head_dim'",
                "3 entries", "(4)");
        readFails(dir, UNetConfig::read, "{\"down_block_types\": [\"DownBlock2D\"]}", "field 'down_block_types'",
                "1 entries");
        readFails(dir, UNetConfig::read, "{\"norm_num_groups\": 30}", "field 'norm_num_groups'");
        readFails(dir, UNetConfig::read, "{\"resnet_time_scale_shift\": \"shift\"}", "field 'resnet_time_scale_shift'",
                "\"shift\"");
        readFails(dir, UNetConfig::read, "{\"conv_in_kernel\": 2}", "field 'conv_in_kernel'");
        readFails(dir, UNetConfig::read, "{\"in_channels\": 0}", "field 'in_channels'", "positive");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope/config.json");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> UNetConfig.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not found"), e.getMessage());
    }
}

package org.actionbench.engine.config;

import static org.actionbench.engine.config.ConfigAssertions.readFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlNetConfigTest {
    @TempDir
    Path dir;

    /** diffusers' ControlNetModel.__init__ defaults, listed by hand. */
    @Test
    void absentFieldsTakeDiffusersDefaults() throws IOException {
        ControlNetConfig c = ControlNetConfig.parse("{\"_class_name\": \"ControlNetModel\"}");
        assertEquals(4, c.inChannels());
        assertEquals(3, c.conditioningChannels());
        assertEquals(List.of(16, 32, 96, 256), c.conditioningEmbeddingOutChannels());
        assertEquals("rgb", c.controlnetConditioningChannelOrder());
        assertEquals(List.of(320, 640, 1280, 1280), c.blockOutChannels());
        assertEquals(List.of(8, 8, 8, 8), c.heads());
        assertEquals(List.of(1280, 1280, 1280, 1280), c.crossAttentionDim());
        assertEquals(List.of(2, 2, 2, 2), c.layersPerBlock());
        assertEquals("UNetMidBlock2DCrossAttn", c.midBlockType());
        assertFalse(c.globalPoolConditions());
        assertFalse(c.useLinearProjection());
        assertNull(c.classEmbedType());
    }

    @Test
    void sd21ControlNetFromItsUNetAndBack() throws Exception {
        UNetConfig unet = UNetConfig.read(Sd21BaseConfigsTest.snapshot().resolve("unet/config.json"));
        ControlNetConfig c = ControlNetConfig.fromUNet(unet);
        assertEquals(List.of(5, 10, 20, 20), c.heads());
        assertEquals(List.of(1024, 1024, 1024, 1024), c.crossAttentionDim());
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
}

package org.actionbench.engine.config;

import static org.actionbench.engine.config.ConfigAssertions.readFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaeConfigTest {
    @TempDir
    Path dir;

    /** diffusers' AutoencoderKL.__init__ defaults, listed by hand. */
    @Test
    void absentFieldsTakeDiffusersDefaults() throws IOException {
        VaeConfig v = VaeConfig.parse("{}");
        assertEquals("AutoencoderKL", v.className());
        assertEquals(3, v.inChannels());
        assertEquals(3, v.outChannels());
        assertEquals(List.of("DownEncoderBlock2D"), v.downBlockTypes());
        assertEquals(List.of("UpDecoderBlock2D"), v.upBlockTypes());
        assertEquals(List.of(64), v.blockOutChannels());
        assertEquals(1, v.layersPerBlock());
        assertEquals("silu", v.actFn());
        assertEquals(4, v.latentChannels());
        assertEquals(32, v.normNumGroups());
        assertEquals(32, v.sampleSize());
        assertEquals(0.18215, v.scalingFactor());
        assertNull(v.shiftFactor());
        assertTrue(v.forceUpcast());
        assertTrue(v.useQuantConv());
        assertTrue(v.usePostQuantConv());
        assertTrue(v.midBlockAddAttention());
    }

    @Test
    void shiftFactorWhenPresentAndRoundTrip() throws IOException {
        VaeConfig v = VaeConfig.parse("{\"scaling_factor\": 0.3611, \"shift_factor\": 0.1159, \"latent_channels\": 16}");
        assertEquals(0.1159, v.shiftFactor());
        Path f = dir.resolve("vae/config.json");
        v.write(f);
        assertEquals(v, VaeConfig.read(f));
    }

    @Test
    void errorsAreNamed() throws IOException {
        readFails(dir, VaeConfig::read, "{\"scaling_factor\": \"0.18\"}", "field 'scaling_factor'", "a number");
        readFails(dir, VaeConfig::read, "{\"scaling_factor\": 0}", "field 'scaling_factor'", "positive");
        readFails(dir, VaeConfig::read, "{\"block_out_channels\": [64, 128]}", "field 'down_block_types'");
    }
}

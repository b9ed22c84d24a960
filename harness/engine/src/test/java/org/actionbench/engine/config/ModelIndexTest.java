package org.actionbench.engine.config;

import static org.actionbench.engine.config.ConfigAssertions.readFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelIndexTest {
    @TempDir
    Path dir;

    @Test
    void controlnetPipelineRoundTrip() throws IOException {
        ModelIndex m = ModelIndex.parse("{\"_class_name\": \"StableDiffusionControlNetPipeline\", \"_name_or_path\": \"x\","
                + " \"controlnet\": [\"diffusers\", \"ControlNetModel\"], \"safety_checker\": [null, null],"
                + " \"requires_safety_checker\": false, \"image_encoder\": [null, null]}");
        assertEquals("ControlNetModel", m.component("controlnet").orElseThrow().className());
        Path f = dir.resolve("model_index.json");
        m.write(f);
        assertEquals(m, ModelIndex.read(f));
    }

    @Test
    void errorsAreNamed() throws IOException {
        readFails(dir, ModelIndex::read, "{\"unet\": [\"diffusers\", \"UNet2DConditionModel\"]}", "field '_class_name'");
        readFails(dir, ModelIndex::read, "{\"_class_name\": \"P\", \"unet\": [\"diffusers\"]}", "field 'unet'",
                "[library, class]");
        readFails(dir, ModelIndex::read, "{\"_class_name\": \"P\", \"vae\": [\"diffusers\", null]}", "field 'vae'");
    }
}

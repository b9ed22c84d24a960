package org.actionbench.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLayoutTest {
    @TempDir
    Path dir;

    private Path touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, relative.endsWith(".json") ? "{}" : "x");
        return p;
    }

    @Test
    void findsConfigsAndPrefersFullPrecisionSafetensors() throws IOException {
        touch("model_index.json");
        Path unetConfig = touch("unet/config.json");
        Path unetFull = touch("unet/diffusion_pytorch_model.safetensors");
        touch("unet/diffusion_pytorch_model.fp16.safetensors");
        touch("unet/diffusion_pytorch_model.bin");
        touch("text_encoder/config.json");
        Path textHalf = touch("text_encoder/model.fp16.safetensors");
        touch("scheduler/scheduler_config.json");
        touch("tokenizer/vocab.json");
        touch("tokenizer/merges.txt");

        SnapshotLayout s = SnapshotLayout.of(dir);
        assertEquals(dir.resolve("model_index.json"), s.modelIndex());
        ComponentFiles unet = s.unet();
        assertEquals(new ComponentFiles("unet", unetConfig, List.of(unetFull), null), unet);
        ComponentFiles text = s.textEncoder();
        assertEquals(List.of(textHalf), text.weights());
        assertEquals("fp16", text.variant());
        assertEquals(dir.resolve("scheduler/scheduler_config.json"), s.schedulerConfig());
        assertEquals(dir.resolve("tokenizer/vocab.json"), s.tokenizerVocab());
        assertEquals(dir.resolve("tokenizer/merges.txt"), s.tokenizerMerges());
        assertTrue(s.controlnet().isEmpty());
    }

    @Test
    void shardedWeightsAreListedFromTheIndex() throws IOException {
        touch("unet/config.json");
        Path a = touch("unet/diffusion_pytorch_model-00001-of-00002.safetensors");
        Path b = touch("unet/diffusion_pytorch_model-00002-of-00002.safetensors");
        Files.writeString(dir.resolve("unet/diffusion_pytorch_model.safetensors.index.json"),
                "{\"metadata\": {\"total_size\": 8}, \"weight_map\": {\"conv_in.weight\": \"diffusion_pytorch_model-00001-of-00002.safetensors\","
                        + " \"conv_in.bias\": \"diffusion_pytorch_model-00002-of-00002.safetensors\","
                        + " \"conv_out.bias\": \"diffusion_pytorch_model-00001-of-00002.safetensors\"}}");
        ComponentFiles unet = SnapshotLayout.of(dir).unet();
        assertEquals(List.of(a, b), unet.weights());
        assertNull(unet.variant());

        Files.delete(b);
        ConfigException e = assertThrows(ConfigException.class, () -> SnapshotLayout.of(dir).unet());
        assertTrue(e.getMessage().contains(b.toString()), e.getMessage());
    }

    @Test
    void missingFilesAreReportedWithTheirPath() throws IOException {
        SnapshotLayout s = SnapshotLayout.of(dir);
        ConfigException index = assertThrows(ConfigException.class, s::modelIndex);
        assertTrue(index.getMessage().contains(dir.resolve("model_index.json").toString()), index.getMessage());

        ConfigException folder = assertThrows(ConfigException.class, s::vae);
        assertTrue(folder.getMessage().contains(dir.resolve("vae").toString()), folder.getMessage());

        touch("vae/diffusion_pytorch_model.safetensors");
        ConfigException config = assertThrows(ConfigException.class, s::vae);
        assertTrue(config.getMessage().contains(dir.resolve("vae/config.json").toString()), config.getMessage());

        touch("unet/config.json");
        ConfigException weights = assertThrows(ConfigException.class, s::unet);
        assertTrue(weights.getMessage().contains(dir.resolve("unet/diffusion_pytorch_model.safetensors").toString())
                && weights.getMessage().contains(dir.resolve("unet/diffusion_pytorch_model.fp16.safetensors").toString()),
                weights.getMessage());

        touch("unet/diffusion_pytorch_model.bin");
        ConfigException pickle = assertThrows(ConfigException.class, s::unet);
        assertTrue(pickle.getMessage().contains("pickle") && pickle.getMessage().contains(".bin"), pickle.getMessage());

        assertThrows(ConfigException.class, s::schedulerConfig);
        assertThrows(ConfigException.class, () -> SnapshotLayout.of(dir.resolve("absent")));
    }

    @Test
    void readsTheSd21ModelIndex() throws Exception {
        SnapshotLayout s = SnapshotLayout.of(Sd21BaseConfigsTest.snapshot());
        assertEquals("StableDiffusionPipeline", s.readModelIndex().className());
        assertTrue(Files.exists(s.schedulerConfig()));
    }
}

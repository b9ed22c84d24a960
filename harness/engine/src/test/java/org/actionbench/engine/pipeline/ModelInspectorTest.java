package org.actionbench.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.actionbench.engine.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInspectorTest {

    /**
     * SD 2.1-base's config.json files alone (no weights). Published sizes: UNet 865,910,724 parameters
     * and VAE 83,653,863 (diffusers model cards / `sum(p.numel())` of the released checkpoints, as cited
     * in the UNet and VAE tests); the text encoder — OpenCLIP ViT-H/14's text tower with its last layer
     * dropped — is 340,387,840, which this comment checks by hand: embeddings 49408·1024 + 77·1024 =
     * 50,672,640; each layer 4·(1024²+1024) + 2·2048 + (1024·4096+4096) + (4096·1024+1024) = 12,596,224,
     * ×23 = 289,713,152; final layer norm 2048; total 340,387,840.
     */
    @Test
    void sd21BaseComponentSizesFromConfigsAlone() throws Exception {
        List<ModelInspector.Component> c = ModelInspector.inspect(Path.of("src/test/resources/config/sd21-base"));
        assertEquals(List.of("text_encoder", "unet", "vae"), c.stream().map(ModelInspector.Component::name).toList());
        assertEquals(340_387_840L, c.get(0).parameterCount());
        assertEquals(865_910_724L, c.get(1).parameterCount());
        assertEquals(83_653_863L, c.get(2).parameterCount());
        for (ModelInspector.Component component : c) {
            for (Parameter p : component.module().namedParameters().values()) {
                assertTrue(!p.isSet(), "inspect must not allocate weights");
            }
        }
    }

    @Test
    void aFolderWithoutComponentsIsOneClearError(@TempDir Path dir) {
        Exception e = assertThrows(Exception.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("unet"), e.getMessage());
        e = assertThrows(Exception.class, () -> ModelInspector.inspect(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}

package org.actionbench.mini.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.mini.world.Captions;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.mini.world.SceneKind;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.weights.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniModelSizeTest {

    @Test
    void theWorldTokenizerSpellsEveryCaptionWordAsOneToken() {
        ClipTokenizer t = MiniTokenizer.train();
        String caption = Captions.full("an old man", PoseFamily.CHEER, SceneKind.PARK);
        int words = caption.split(" ").length;
        assertEquals(words, t.encode(caption).length, caption);
        assertEquals(MiniTokenizer.MAX_LENGTH, t.encodeForModel(caption).length);
    }

    @Test
    void tinyModelHasTheAdvertisedShapesAndSamplesAfterASaveLoadRoundTrip(@TempDir Path dir) throws Exception {
        try (StableDiffusion model = TinyModels.random(7)) {
            assertEquals(32, model.defaultResolution());
            assertEquals(4, model.vaeScaleFactor());
            assertEquals(4, model.unet().crossAttentionLayers());
            assertTrue(model.controlnet().isPresent());
            model.save(dir.resolve("snap"), DType.F32);
        }
        try (StableDiffusion loaded = StableDiffusion.load(dir.resolve("snap"))) {
            TextToImagePipeline pipeline = new TextToImagePipeline(loaded);
            List<BufferedImage> images = pipeline.generate(TextToImagePipeline.Request
                    .of(loaded, List.of("a photo of a panda in a park"), List.of(1L),
                            PromptConditioner.text(loaded.promptEncoder()))
                    .withSteps(2));
            assertEquals(32, images.get(0).getWidth());
            assertEquals(32, images.get(0).getHeight());
        }
    }
}

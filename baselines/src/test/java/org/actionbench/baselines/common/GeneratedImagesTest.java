package org.actionbench.baselines.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.baselines.Recording;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedImagesTest {
    private static StableDiffusion model;

    @BeforeAll
    static void build() {
        model = TinyModels.random(5);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void imagesMadeInBatchesAreEachImageMadeAloneAndAResumedSetHasTheSameBytes(@TempDir Path dir) throws Exception {
        List<String> prompts = new ArrayList<>();
        for (int k = 0; k < GeneratedImages.BATCH + 2; k++) {
            prompts.add(k % 2 == 0 ? "a man in a park" : "a panda by a lake");
        }
        GeneratedImages.Sampler sampler = new GeneratedImages.Sampler(2, 7.5f);
        Recording first = new Recording();
        List<BufferedImage> made = GeneratedImages.generateOrLoad(dir, prompts, model, Map.of(), sampler, 3,
                "class-images", first);
        assertEquals(prompts.size(), made.size());
        assertEquals(prompts.size(), first.lines.size(), "one log line per image made");
        // Independently: image k alone, from its own seed (seed, purpose, k). Batched products may round
        // differently from single ones, so one 8-bit level is the bound (as for a cell's samples).
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        for (int k : new int[] {0, 5, GeneratedImages.BATCH + 1}) {
            BufferedImage alone = pipeline.generate(TextToImagePipeline.Request.of(model, List.of(prompts.get(k)),
                    List.of(Seeds.derive(3, "class-images", k).nextLong()),
                    PromptConditioner.text(model.promptEncoder())).withSteps(2).withGuidanceScale(7.5f)).get(0);
            int d = Images.maxChannelDifference(alone, made.get(k));
            assertTrue(d <= 1, "image " + k + " differs by " + d + "/255 from itself made alone");
        }

        Map<String, byte[]> bytes = new HashMap<>();
        for (int k = 0; k < prompts.size(); k++) {
            String name = String.format("%03d.png", k);
            bytes.put(name, Files.readAllBytes(dir.resolve(name)));
        }
        // A kill took two images of different batches: the resumed set makes just those, with the same bytes.
        Files.delete(dir.resolve("003.png"));
        Files.delete(dir.resolve(String.format("%03d.png", GeneratedImages.BATCH + 1)));
        Recording resumed = new Recording();
        GeneratedImages.generateOrLoad(dir, prompts, model, Map.of(), sampler, 3, "class-images", resumed);
        assertEquals(2, resumed.lines.size(), resumed.lines.toString());
        for (Map.Entry<String, byte[]> e : bytes.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve(e.getKey())), e.getKey());
        }
    }
}

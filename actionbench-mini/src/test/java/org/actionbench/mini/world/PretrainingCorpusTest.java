package org.actionbench.mini.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.actionbench.data.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainingCorpusTest {
    @Test
    void actionWordsAppearInTheRequestedShareOfCaptions() {
        int n = 600;
        for (double share : new double[] {0.0, 0.3, 1.0}) {
            PretrainingCorpus corpus = new PretrainingCorpus(7, 16, share);
            int named = 0;
            for (int i = 0; i < n; i++) {
                PretrainingCorpus.Item it = corpus.item(i);
                // Independently of the flag: does the caption contain this image's action words?
                boolean hasWords = it.caption().contains(PoseFamily.byId(it.render().actionId()).words());
                assertEquals(it.actionInCaption(), hasWords, it.caption());
                if (hasWords) {
                    named++;
                }
            }
            double observed = (double) named / n;
            // Binomial standard deviation at n = 600 is at most 0.02; allow 4 of them.
            System.out.printf("corpus action-word share: requested %.2f, observed %.3f over %d captions%n", share, observed, n);
            assertEquals(share, observed, 0.08);
        }
    }

    @Test
    void coversTheWholeWorld() {
        PretrainingCorpus corpus = new PretrainingCorpus(3, 16, 0.5);
        java.util.Set<String> subjects = new java.util.HashSet<>();
        java.util.Set<String> actions = new java.util.HashSet<>();
        java.util.Set<String> scenes = new java.util.HashSet<>();
        for (int i = 0; i < 400; i++) {
            Render r = corpus.item(i).render();
            subjects.add(r.subjectId());
            actions.add(r.actionId());
            scenes.add(r.sceneId());
        }
        assertEquals(Cast.all().size(), subjects.size());
        assertEquals(PoseFamily.values().length, actions.size());
        assertEquals(SceneKind.values().length, scenes.size());
    }

    @Test
    void writesImagesAndCaptionsDeterministically(@TempDir Path tmp) throws Exception {
        PretrainingCorpus corpus = new PretrainingCorpus(11, 32, 0.5);
        Path a = tmp.resolve("a");
        int[] progress = {0};
        corpus.write(a, 12, 3, done -> {
            assertEquals(progress[0] + 1, done);
            progress[0] = done;
        });
        assertEquals(12, progress[0]);
        List<String> lines = Files.readAllLines(a.resolve(PretrainingCorpus.CAPTIONS_FILE));
        assertEquals(12, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = Json.mapper().readTree(lines.get(i));
            assertEquals(PretrainingCorpus.file(i), line.get("file").asText());
            PretrainingCorpus.Item it = corpus.item(i);
            assertEquals(it.caption(), line.get("caption").asText());
            assertEquals(it.render().subjectId(), line.get("subject").asText());
            assertEquals(Cast.byId(it.render().subjectId()).subject().group().jsonName(), line.get("group").asText());
            assertEquals(28, line.get("keypoints").size());
            assertEquals(it.render().keypoints().x(Joint.NECK), line.get("keypoints").get(2).asDouble(), 1e-4);
            Path png = a.resolve(line.get("file").asText());
            assertArrayEquals(it.render().png(), Files.readAllBytes(png));
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(32, img.getWidth());
        }
        // The same corpus from one writer thread: the output does not depend on the threads.
        Path b = tmp.resolve("b");
        corpus.write(b, 12, 1, done -> {
        });
        assertArrayEquals(Files.readAllBytes(a.resolve(PretrainingCorpus.CAPTIONS_FILE)),
                Files.readAllBytes(b.resolve(PretrainingCorpus.CAPTIONS_FILE)));
        assertArrayEquals(Files.readAllBytes(a.resolve(PretrainingCorpus.file(5))), Files.readAllBytes(b.resolve(PretrainingCorpus.file(5))));
        // Items depend on the seed.
        assertFalse(new PretrainingCorpus(12, 32, 0.5).item(0).caption().equals(corpus.item(0).caption())
                && new PretrainingCorpus(12, 32, 0.5).item(1).caption().equals(corpus.item(1).caption()));
        try (var files = Files.list(a)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left behind");
        }
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PretrainingCorpus(1, 64, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new PretrainingCorpus(1, 64, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PretrainingCorpus(List.of(), 1, 64, 0.5));
    }
}

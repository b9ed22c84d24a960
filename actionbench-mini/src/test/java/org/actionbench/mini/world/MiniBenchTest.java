package org.actionbench.mini.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.actionbench.data.bench.Action;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.bench.BenchValidator;
import org.actionbench.data.bench.Exemplar;
import org.actionbench.data.bench.SubjectGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniBenchTest {
    @Test
    void writesABenchTheValidatorAccepts(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("mini");
        MiniBench.write(dir, 1, 32);
        assertEquals(List.of(), BenchValidator.validate(dir));
        Bench bench = BenchValidator.load(dir);
        assertEquals(8, bench.actions().size());
        for (Action a : bench.actions()) {
            assertEquals(10, a.exemplars().size(), a.id());
            assertEquals(PoseFamily.byId(a.id()).description(), a.description());
        }
        assertEquals(23, bench.subjects().size());
        assertEquals(10, bench.subjects(SubjectGroup.HUMAN).size());
        assertEquals(6, bench.subjects(SubjectGroup.CELEBRITY).size());
        assertEquals(7, bench.subjects(SubjectGroup.ANIMAL).size());
        assertEquals(4, bench.evaluation().imagesPerPair());
        // Same seed, same bench, byte for byte; an existing empty directory is a fine target.
        Path again = tmp.resolve("again");
        Files.createDirectories(again);
        MiniBench.write(again, 1, 32);
        assertArrayEquals(Files.readAllBytes(dir.resolve("bench.json")), Files.readAllBytes(again.resolve("bench.json")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("kick/03.png")), Files.readAllBytes(again.resolve("kick/03.png")));
        try (var s = Files.list(tmp)) {
            assertEquals(2, s.count(), "a temporary directory was left behind");
        }
    }

    @Test
    void everyExemplarHasItsSkeletonMapBesideIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("mini");
        MiniBench.write(dir, 1, 32);
        for (MiniBench.ExemplarRender e : MiniBench.exemplars(1, 32)) {
            Path pose = dir.resolve(e.file().replace(".png", ".pose.png"));
            java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(pose.toFile());
            java.awt.image.BufferedImage expected = e.render().skeletonMap();
            assertEquals(32, read.getWidth(), pose.toString());
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    assertEquals(expected.getRGB(x, y) & 0xFFFFFF, read.getRGB(x, y) & 0xFFFFFF, pose + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void everyExemplarHasItsRendersDoingTheOtherSevenActionsBesideIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("mini");
        MiniBench.write(dir, 1, 32);
        for (MiniBench.ExemplarRender e : MiniBench.exemplars(1, 32)) {
            Path folder = dir.resolve(Exemplar.actionDifferentFolder(e.file()));
            try (var files = Files.list(folder)) {
                assertEquals(PoseFamily.values().length - 1, files.count(), folder.toString());
            }
            for (PoseFamily other : PoseFamily.values()) {
                Path file = dir.resolve(Exemplar.actionDifferentFile(e.file(), other.id()));
                assertEquals(other != e.action(), Files.exists(file), file.toString());
            }
            java.awt.image.BufferedImage squat = javax.imageio.ImageIO.read(
                    dir.resolve(Exemplar.actionDifferentFile(e.file(), e.action() == PoseFamily.SQUAT
                            ? PoseFamily.BOW.id() : PoseFamily.SQUAT.id())).toFile());
            assertEquals(32, squat.getWidth());
        }
    }

    @Test
    void anActionDifferentRenderIsTheExemplarsDrawWithOnlyThePoseChanged() {
        int resolution = 64;
        int farPixels = 0;
        for (MiniBench.ExemplarRender e : MiniBench.exemplars(3, resolution)) {
            // The draw re-rendered with the exemplar's own action is the exemplar, pixel for pixel.
            assertArrayEquals(pixels(e.render().image()), pixels(e.doing(e.action()).image()), e.file());
            for (Render other : e.actionDifferent().values()) {
                assertEquals(e.render().subjectId(), other.subjectId(), "same person");
                assertEquals(e.render().sceneId(), other.sceneId(), "same kind of scene");
                int[] a = pixels(e.render().image());
                int[] b = pixels(other.image());
                boolean differs = false;
                for (int i = 0; i < a.length; i++) {
                    int x = i % resolution;
                    int y = i / resolution;
                    differs |= a[i] != b[i];
                    if (!nearFigure(e.render(), x, y, resolution) && !nearFigure(other, x, y, resolution)) {
                        // Away from both figures only the scene is drawn: the same scene, the same pixels.
                        assertEquals(a[i], b[i], e.file() + " doing " + other.actionId() + " at " + x + "," + y);
                        farPixels++;
                    }
                }
                assertTrue(differs, e.file() + " doing " + other.actionId() + " looks like the exemplar");
            }
        }
        // The comparison covered a real share of the background (80 exemplars × 7 renders × 64²).
        assertTrue(farPixels > 0.2 * 80 * 7 * resolution * resolution, "only " + farPixels + " background pixels");
    }

    /**
     * Whether pixel (x, y) may be painted by the figure of {@code r}: within the keypoints' bounding box
     * grown by a head's reach (the fitting margin of PoseFamily, 0.16 of the standing height) plus two
     * pixels of anti-aliasing; the shadow lies under the feet, inside that box.
     */
    private static boolean nearFigure(Render r, int x, int y, int resolution) {
        double minX = 1;
        double maxX = 0;
        double minY = 1;
        double maxY = 0;
        for (Joint j : Joint.values()) {
            minX = Math.min(minX, r.keypoints().x(j));
            maxX = Math.max(maxX, r.keypoints().x(j));
            minY = Math.min(minY, r.keypoints().y(j));
            maxY = Math.max(maxY, r.keypoints().y(j));
        }
        double margin = 0.16 * r.pose().height() + 2.0 / resolution;
        double px = (x + 0.5) / resolution;
        double py = (y + 0.5) / resolution;
        return px >= minX - margin && px <= maxX + margin && py >= minY - margin && py <= maxY + margin;
    }

    private static int[] pixels(java.awt.image.BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void noEvaluationSubjectAppearsInAnyExemplar() {
        Set<String> evaluation = new HashSet<>();
        Cast.EVALUATION.forEach(c -> evaluation.add(c.id()));
        Set<String> exemplarPeople = new HashSet<>();
        Cast.EXEMPLAR_HUMANS.forEach(c -> exemplarPeople.add(c.id()));
        for (MiniBench.ExemplarRender e : MiniBench.exemplars(1, 16)) {
            String who = e.render().subjectId();
            assertFalse(evaluation.contains(who), e.file() + " shows evaluation subject " + who);
            assertTrue(exemplarPeople.contains(who), e.file() + " shows " + who);
            for (CastMember s : Cast.EVALUATION) {
                assertFalse(e.prompt().contains(s.text()), e.file() + " prompt names " + s.text());
            }
        }
    }

    @Test
    void templatesAreCaptionsWithoutTheActionWords() {
        for (MiniBench.ExemplarRender e : MiniBench.exemplars(4, 16)) {
            assertEquals(1, Exemplar.slotCount(e.prompt()), e.prompt());
            assertEquals(e.render().caption(), Exemplar.prompt(e.prompt(), e.action().words()));
            assertFalse(e.prompt().contains(e.action().words()));
            assertEquals(e.action().id(), e.render().actionId());
        }
    }

    @Test
    void eachActionHasTenDifferentPeople() {
        List<MiniBench.ExemplarRender> all = MiniBench.exemplars(2, 16);
        for (PoseFamily f : PoseFamily.values()) {
            Set<String> people = new HashSet<>();
            Set<String> scenes = new HashSet<>();
            all.stream().filter(e -> e.action() == f).forEach(e -> {
                people.add(e.render().subjectId());
                scenes.add(e.render().sceneId());
            });
            assertEquals(10, people.size(), f.toString());
            assertEquals(SceneKind.values().length, scenes.size(), f + " should show every scene");
        }
    }

    @Test
    void refusesANonEmptyDirectoryAndLeavesItAlone(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("taken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> MiniBench.write(dir, 1, 16));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("notes.txt")), s.toList());
        }
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count());
        }
    }
}

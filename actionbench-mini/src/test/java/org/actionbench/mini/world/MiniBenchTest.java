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

package org.actionbench.data.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchImporterTest {
    @TempDir
    Path tmp;
    Path folder;
    Path out;

    /** Two actions (one prompts.json, one prompts.txt), subjects.txt, three exemplars per action. */
    @BeforeEach
    void folder() throws IOException {
        folder = tmp.resolve("release");
        out = tmp.resolve("outputs/bench");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("subjects.txt"),
                "old-man\thuman\tAn old man\nbeckham\tcelebrity\tDavid Beckham\n\npanda\tanimal\tA panda\n");
        Files.writeString(folder.resolve("evaluation.json"), "{\"exemplarsPerAction\": 3}");
        Files.writeString(folder.resolve(".DS_Store"), "ignored");

        Path wave = folder.resolve("wave");
        Files.createDirectories(wave);
        Files.writeString(wave.resolve("action.json"), "{\"name\": \"waves\", \"description\": \"waving a hand\"}");
        Files.writeString(wave.resolve("prompts.json"),
                "{\"b.png\": \"A man {} in a park\", \"a.png\": \"A boy {}\", \"c.png\": \"{} on a beach\"}");
        BenchFixtures.png(wave.resolve("a.png"), 8, 6, 1);
        BenchFixtures.png(wave.resolve("b.png"), 8, 6, 2);
        BenchFixtures.png(wave.resolve("c.png"), 8, 6, 3);

        Path cheer = folder.resolve("cheer");
        Files.createDirectories(cheer);
        Files.writeString(cheer.resolve("action.json"),
                "{\"name\": \"raises both arms for cheering\", \"description\": \"cheering with both arms up\"}");
        Files.writeString(cheer.resolve("prompts.txt"), "x.png\tA woman {}\ny.png\tA man {} at night\n\nz.png\t{}\n");
        BenchFixtures.png(cheer.resolve("x.png"), 8, 6, 4);
        BenchFixtures.png(cheer.resolve("y.png"), 8, 6, 5);
        BenchFixtures.png(cheer.resolve("z.png"), 8, 6, 6);
    }

    @Test
    void importsAFolderPerAction() throws Exception {
        Map<String, String> source = BenchFixtures.snapshot(folder);
        Bench bench = BenchImporter.importFolder(folder, out);

        Bench expected = new Bench(List.of(
                new Action("cheer", "raises both arms for cheering", "cheering with both arms up", List.of(
                        new Exemplar("cheer/x.png", "A woman {}"),
                        new Exemplar("cheer/y.png", "A man {} at night"),
                        new Exemplar("cheer/z.png", "{}"))),
                new Action("wave", "waves", "waving a hand", List.of(
                        new Exemplar("wave/b.png", "A man {} in a park"),
                        new Exemplar("wave/a.png", "A boy {}"),
                        new Exemplar("wave/c.png", "{} on a beach")))),
                List.of(new Subject("old-man", "An old man", SubjectGroup.HUMAN),
                        new Subject("beckham", "David Beckham", SubjectGroup.CELEBRITY),
                        new Subject("panda", "A panda", SubjectGroup.ANIMAL)),
                new Evaluation(4, 3));
        assertEquals(expected, bench);
        assertEquals(expected, BenchValidator.load(out));
        for (String f : List.of("cheer/x.png", "cheer/y.png", "cheer/z.png", "wave/a.png", "wave/b.png", "wave/c.png")) {
            assertArrayEquals(Files.readAllBytes(folder.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        assertEquals(Map.of("", "dir", "bench.json", BenchFixtures.snapshot(out).get("bench.json"),
                "cheer", "dir", "wave", "dir"), Map.copyOf(BenchFixtures.snapshot(out)).entrySet().stream()
                .filter(e -> !e.getKey().endsWith(".png"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "only bench.json and the images");
        try (var s = Files.list(out.getParent())) {
            assertEquals(List.of(out), s.toList(), "no temporary sibling left");
        }
        assertEquals(source, BenchFixtures.snapshot(folder), "the source folder is only read");
    }

    @Test
    void subjectsJsonAndAnEmptyExistingOut() throws Exception {
        Files.delete(folder.resolve("subjects.txt"));
        Files.writeString(folder.resolve("subjects.json"), """
                [{"id": "cat", "text": "A cat", "group": "animal"}]
                """);
        Files.createDirectories(out);
        Bench bench = BenchImporter.importFolder(folder, out);
        assertEquals(List.of(new Subject("cat", "A cat", SubjectGroup.ANIMAL)), bench.subjects());
        assertEquals(List.of(), BenchValidator.validate(out));
    }

    @Test
    void everyProblemAndNothingWritten() throws IOException {
        Files.writeString(folder.resolve("notes.md"), "x");
        Files.delete(folder.resolve("wave/action.json"));
        Files.writeString(folder.resolve("wave/prompts.json"),
                "{\"b.png\": \"A man {} in a park\", \"a.png\": \"A boy {}\", \"d.png\": \"{} on a beach\"}");
        Files.move(folder.resolve("wave/c.png"), folder.resolve("wave/e.png"));
        Files.writeString(folder.resolve("cheer/prompts.txt"), "x.png\tA woman\ny.png\tA man {} at night\nz.png\n");
        Files.writeString(folder.resolve("subjects.txt"), "old-man\thuman\tAn old man\nbeckham\tcelebrities\tDavid\n");
        Map<String, String> source = BenchFixtures.snapshot(folder);

        BenchException e = assertThrows(BenchException.class, () -> BenchImporter.importFolder(folder, out));

        Path wave = folder.resolve("wave");
        Path cheerTxt = folder.resolve("cheer/prompts.txt");
        assertEquals(List.of(
                new Problem(folder.resolve("notes.md"), "", "unexpected file; the folder holds subjects.json or"
                        + " subjects.txt, optionally evaluation.json, and one folder per action"),
                new Problem(cheerTxt, "line 3", "expected image<TAB>template, found 1 tab-separated field"),
                new Problem(wave, "", "missing action.json with the action's name and description"),
                new Problem(wave.resolve("e.png"), "", "not listed in prompts.json; every file of an action folder"
                        + " must be an exemplar with a prompt, action.json or the prompts file"),
                new Problem(folder.resolve("subjects.txt"), "line 2",
                        "unknown group \"celebrities\" (expected human | celebrity | animal)"),
                new Problem(cheerTxt, "line 1",
                        "template \"A woman\" has 0 {}, expected exactly one where the action words were"),
                new Problem(wave.resolve("prompts.json"), "\"d.png\"", "no such file: " + wave.resolve("d.png"))),
                e.problems());
        assertFalse(Files.exists(out), "OUT not created");
        assertFalse(Files.exists(out.getParent()), "not even its parent");
        assertEquals(source, BenchFixtures.snapshot(folder));
    }

    @Test
    void imageProblemsNameTheImage() throws IOException {
        BenchFixtures.png(folder.resolve("wave/a.png"), 9, 6, 1);
        Files.writeString(folder.resolve("cheer/z.png"), "not a png");
        BenchException e = assertThrows(BenchException.class, () -> BenchImporter.importFolder(folder, out));
        assertEquals(List.of(
                new Problem(folder.resolve("cheer/z.png"), "", "not an image (no PNG, JPEG, GIF or BMP reader"
                        + " recognises its content)"),
                new Problem(folder.resolve("wave/a.png"), "", "image is 9x6 but 4 other exemplars are 8x6;"
                        + " all exemplars must have one size")), e.problems());
        assertFalse(Files.exists(out));
    }

    @Test
    void bothPromptsFilesAndNoSubjects() throws IOException {
        Files.writeString(folder.resolve("wave/prompts.txt"), "a.png\t{}\n");
        Files.delete(folder.resolve("subjects.txt"));
        BenchException e = assertThrows(BenchException.class, () -> BenchImporter.importFolder(folder, out));
        assertEquals(List.of(
                new Problem(folder.resolve("wave"), "", "has both prompts.json and prompts.txt; keep one"),
                new Problem(folder, "", "missing subjects.json (or subjects.txt) with the evaluation subjects")),
                e.problems());
        assertFalse(Files.exists(out));
    }

    @Test
    void wrongCountNamesThePromptsFile() throws IOException {
        Files.writeString(folder.resolve("evaluation.json"), "{\"exemplarsPerAction\": 10, \"imagesPerPair\": 0}");
        BenchException e = assertThrows(BenchException.class, () -> BenchImporter.importFolder(folder, out));
        assertEquals(List.of(
                new Problem(folder.resolve("evaluation.json"), "imagesPerPair", "must be at least 1, is 0"),
                new Problem(folder.resolve("cheer/prompts.txt"), "", "has 3 exemplars, expected 10 (evaluation.exemplarsPerAction)"),
                new Problem(folder.resolve("wave/prompts.json"), "", "has 3 exemplars, expected 10 (evaluation.exemplarsPerAction)")),
                e.problems());
    }

    @Test
    void nonEmptyOutIsLeftAlone() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        Map<String, String> before = BenchFixtures.snapshot(out);
        BenchException e = assertThrows(BenchException.class, () -> BenchImporter.importFolder(folder, out));
        assertEquals(List.of(new Problem(out, "", "exists and is not empty; choose a new output directory")), e.problems());
        assertEquals(before, BenchFixtures.snapshot(out));
        try (var s = Files.list(out.getParent())) {
            assertEquals(List.of(out), s.toList());
        }
    }

    @Test
    void missingFolder() {
        BenchException e = assertThrows(BenchException.class,
                () -> BenchImporter.importFolder(tmp.resolve("nope"), out));
        assertEquals(List.of(new Problem(tmp.resolve("nope"), "", "no such directory")), e.problems());
        assertTrue(Files.notExists(out));
    }
}

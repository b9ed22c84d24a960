package org.actionbench.data.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per kind of bad input: each breaks a valid bench in one way, expects exactly the problems that
 * break causes (file, field, message), and checks afterwards that validation left the folder as it was.
 */
class BenchValidatorTest {
    @TempDir
    Path dir;
    Path json;
    Map<String, String> before;

    @BeforeEach
    void validBench() throws IOException {
        BenchFixtures.write(dir, BenchFixtures.bench(2, 3));
        json = dir.resolve("bench.json");
        assertEquals(List.of(), BenchValidator.validate(dir), "the fixture itself is valid");
    }

    /** Takes the snapshot the test's validation must not change, after the test broke the bench. */
    List<Problem> validate() {
        before = BenchFixtures.snapshot(dir);
        return BenchValidator.validate(dir);
    }

    @AfterEach
    void untouched() {
        if (before != null) {
            assertEquals(before, BenchFixtures.snapshot(dir), "validation must not write");
        }
    }

    void edit(UnaryOperator<String> change) throws IOException {
        Files.writeString(json, change.apply(Files.readString(json)));
    }

    void rewrite(UnaryOperator<Bench> change) throws IOException {
        BenchJson.write(dir, change.apply(BenchFixtures.bench(2, 3)));
    }

    static Bench replaceExemplar(Bench b, int action, int k, Exemplar e) {
        List<Action> actions = new ArrayList<>(b.actions());
        Action a = actions.get(action);
        List<Exemplar> ex = new ArrayList<>(a.exemplars());
        ex.set(k, e);
        actions.set(action, new Action(a.id(), a.name(), a.description(), ex));
        return new Bench(actions, b.subjects(), b.evaluation());
    }

    static void assertOne(List<Problem> problems, Path file, String field, String messagePart) {
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        Problem p = problems.get(0);
        assertEquals(file, p.file(), p::toString);
        assertEquals(field, p.field(), p::toString);
        assertTrue(p.message().contains(messagePart), () -> p + " should say " + messagePart);
    }

    @Test
    void missingImage() throws IOException {
        Files.delete(dir.resolve("act1/2.png"));
        assertOne(validate(), json, "actions[1].exemplars[2].file", "no such file");
    }

    @Test
    void truncatedImageCannotBeDecoded() throws IOException {
        Path img = dir.resolve("act0/1.png");
        byte[] bytes = Files.readAllBytes(img);
        Files.write(img, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertOne(validate(), img, "", "cannot be decoded");
    }

    @Test
    void nonImageFile() throws IOException {
        Path img = dir.resolve("act0/0.png");
        Files.writeString(img, "just some text, not a PNG");
        assertOne(validate(), img, "", "not an image");
    }

    @Test
    void exemplarThatIsADirectory() throws IOException {
        Files.delete(dir.resolve("act0/0.png"));
        Files.createDirectory(dir.resolve("act0/0.png"));
        assertOne(validate(), json, "actions[0].exemplars[0].file", "not a regular file");
    }

    @Test
    void imagesOfMixedSizes() throws IOException {
        Path odd = dir.resolve("act1/0.png");
        BenchFixtures.png(odd, 16, 8, 99);
        assertOne(validate(), odd, "", "image is 16x8 but 5 other exemplars are 8x8");
    }

    /** act0/1.png's renders doing every other action (the fixture has two: act0 and act1), at 8×8. */
    Path actionDifferentRenders() throws IOException {
        Path folder = dir.resolve("act0/1.other");
        BenchFixtures.png(folder.resolve("act1.png"), 8, 8, 7);
        return folder;
    }

    @Test
    void actionDifferentRendersOnePerOtherActionAreValid() throws IOException {
        actionDifferentRenders();
        assertEquals(List.of(), validate());
    }

    @Test
    void actionDifferentRenderMissing() throws IOException {
        Path folder = actionDifferentRenders();
        Files.delete(folder.resolve("act1.png"));
        assertOne(validate(), folder.resolve("act1.png"), "", "missing: an exemplar with action-different renders");
    }

    @Test
    void actionDifferentRenderOfAnotherSize() throws IOException {
        Path folder = actionDifferentRenders();
        BenchFixtures.png(folder.resolve("act1.png"), 16, 16, 7);
        assertOne(validate(), folder.resolve("act1.png"), "", "image is 16x16 but its exemplar 1.png is 8x8");
    }

    @Test
    void actionDifferentRenderOfTheExemplarsOwnAction() throws IOException {
        Path folder = actionDifferentRenders();
        BenchFixtures.png(folder.resolve("act0.png"), 8, 8, 3);
        assertOne(validate(), folder.resolve("act0.png"), "", "other than 'act0' (act1.png)");
    }

    @Test
    void actionDifferentRenderThatIsNoImage() throws IOException {
        Path folder = actionDifferentRenders();
        Files.writeString(folder.resolve("act1.png"), "not a picture");
        assertOne(validate(), folder.resolve("act1.png"), "", "not an image");
    }

    @Test
    void actionDifferentFolderThatIsAFile() throws IOException {
        Files.writeString(dir.resolve("act1/0.other"), "");
        assertOne(validate(), dir.resolve("act1/0.other"), "", "is not a directory");
    }

    @Test
    void duplicateActionIdIgnoringCase() throws IOException {
        rewrite(b -> {
            Action a = b.actions().get(1);
            return new Bench(List.of(b.actions().get(0), new Action("ACT0", a.name(), a.description(), a.exemplars())),
                    b.subjects(), b.evaluation());
        });
        assertOne(validate(), json, "actions[1].id", "duplicate id \"ACT0\"");
    }

    @Test
    void duplicateSubjectId() throws IOException {
        rewrite(b -> new Bench(b.actions(), List.of(b.subjects().get(0),
                new Subject("old-man", "A young man", SubjectGroup.HUMAN)), b.evaluation()));
        assertOne(validate(), json, "subjects[1].id", "duplicate id \"old-man\" (ids are compared ignoring case;"
                + " first at subjects[0].id)");
    }

    @Test
    void duplicateExemplarFile() throws IOException {
        rewrite(b -> replaceExemplar(b, 1, 2, new Exemplar("act0/1.png", "A man {} twice")));
        List<Problem> problems = validate();
        assertOne(problems, json, "actions[1].exemplars[2].file", "duplicate file \"act0/1.png\"");
        assertTrue(problems.get(0).message().contains("actions[0].exemplars[1].file"));
    }

    @Test
    void templateWithoutSlot() throws IOException {
        rewrite(b -> replaceExemplar(b, 0, 2, new Exemplar("act0/2.png", "A man in a park")));
        assertOne(validate(), json, "actions[0].exemplars[2].prompt", "has 0 {}");
    }

    @Test
    void templateWithTwoSlots() throws IOException {
        rewrite(b -> replaceExemplar(b, 1, 0, new Exemplar("act1/0.png", "A man {} and {}")));
        assertOne(validate(), json, "actions[1].exemplars[0].prompt", "has 2 {}");
    }

    @Test
    void unknownGroup() throws IOException {
        edit(s -> s.replace("\"celebrity\"", "\"celebrities\""));
        assertOne(validate(), json, "subjects[1].group", "unknown group \"celebrities\" (expected human | celebrity | animal)");
    }

    @Test
    void wrongExemplarCount() throws IOException {
        rewrite(b -> {
            Action a = b.actions().get(0);
            return new Bench(List.of(new Action(a.id(), a.name(), a.description(), a.exemplars().subList(0, 2)),
                    b.actions().get(1)), b.subjects(), b.evaluation());
        });
        assertOne(validate(), json, "actions[0].exemplars", "has 2 exemplars, expected 3");
    }

    @Test
    void defaultExemplarCountIsTen() throws IOException {
        edit(s -> s.replace("\"exemplarsPerAction\": 3", "\"exemplarsPerAction\": 10"));
        List<Problem> problems = validate();
        assertEquals(List.of(
                new Problem(json, "actions[0].exemplars", "has 3 exemplars, expected 10 (evaluation.exemplarsPerAction)"),
                new Problem(json, "actions[1].exemplars", "has 3 exemplars, expected 10 (evaluation.exemplarsPerAction)")),
                problems);
    }

    @Test
    void noActionsNoSubjects() throws IOException {
        rewrite(b -> new Bench(List.of(), List.of(), b.evaluation()));
        assertEquals(List.of(new Problem(json, "actions", "no actions; a bench needs at least one"),
                new Problem(json, "subjects", "no subjects; a bench needs at least one")), validate());
    }

    @Test
    void imagesPerPairBelowOne() throws IOException {
        edit(s -> s.replace("\"imagesPerPair\": 4", "\"imagesPerPair\": 0"));
        assertOne(validate(), json, "evaluation.imagesPerPair", "must be at least 1, is 0");
    }

    @Test
    void malformedJson() throws IOException {
        edit(s -> s.replace("\"subjects\": [", "\"subjects\": [,"));
        List<Problem> problems = validate();
        assertOne(problems, json, "", "malformed JSON at line ");
    }

    @Test
    void duplicateJsonKeyIsMalformed() throws IOException {
        edit(s -> s.replace("\"id\": \"act0\",", "\"id\": \"act0\", \"id\": \"act9\","));
        assertOne(validate(), json, "", "Duplicate field 'id'");
    }

    @Test
    void wrongJsonTypeNamesThePath() throws IOException {
        edit(s -> s.replace("\"prompt\": \"A man {} in scene 2\"", "\"prompt\": 2")
                .replace("\"imagesPerPair\": 4", "\"imagesPerPair\": \"4\""));
        List<Problem> problems = validate();
        assertEquals(List.of(
                new Problem(json, "actions[0].exemplars[2].prompt", "expected a string, found a number"),
                new Problem(json, "actions[1].exemplars[2].prompt", "expected a string, found a number"),
                new Problem(json, "evaluation.imagesPerPair", "expected an integer, found a string")), problems);
    }

    @Test
    void missingAndUnknownFields() throws IOException {
        edit(s -> s.replace("\"text\": \"A panda\",", "\"txt\": \"A panda\","));
        assertEquals(List.of(new Problem(json, "subjects[2].txt", "unknown field (expected id, text, group)"),
                new Problem(json, "subjects[2].text", "missing")), validate());
    }

    @Test
    void idThatCannotNameADirectory() throws IOException {
        edit(s -> s.replace("\"id\": \"panda\"", "\"id\": \"giant panda\""));
        assertOne(validate(), json, "subjects[2].id", "cannot name a directory");
    }

    @Test
    void fileOutsideTheBench() throws IOException {
        rewrite(b -> replaceExemplar(b, 0, 0, new Exemplar("../0.png", "A man {}")));
        assertOne(validate(), json, "actions[0].exemplars[0].file", "inside the bench directory");
    }

    @Test
    void emptyName() throws IOException {
        edit(s -> s.replace("\"name\": \"action 1\"", "\"name\": \" \""));
        assertOne(validate(), json, "actions[1].name", "empty");
    }

    @Test
    void missingBenchJson() throws IOException {
        Files.delete(json);
        assertEquals(List.of(new Problem(json, "", "missing")), validate());
    }

    @Test
    void everyProblemInOnePass() throws IOException {
        rewrite(b -> replaceExemplar(b, 0, 2, new Exemplar("act0/2.png", "no slot")));
        edit(s -> s.replace("\"animal\"", "\"plant\"").replace("\"description\": \"doing action 1\"", "\"description\": 1"));
        Files.delete(dir.resolve("act1/1.png"));
        Files.writeString(dir.resolve("act0/0.png"), "text");
        List<Problem> problems = validate();
        assertEquals(List.of(
                new Problem(json, "actions[1].description", "expected a string, found a number"),
                new Problem(json, "subjects[2].group", "unknown group \"plant\" (expected human | celebrity | animal)"),
                new Problem(json, "actions[0].exemplars[2].prompt",
                        "template \"no slot\" has 0 {}, expected exactly one where the action words were"),
                new Problem(json, "actions[1].exemplars[1].file", "no such file: " + dir.resolve("act1/1.png")),
                new Problem(dir.resolve("act0/0.png"), "",
                        "not an image (no PNG, JPEG, GIF or BMP reader recognises its content)")), problems);
    }

    @Test
    void loadReturnsTheValidBenchAndThrowsWithAllProblems() throws Exception {
        assertEquals(BenchFixtures.bench(2, 3), BenchValidator.load(dir));
        Files.delete(dir.resolve("act0/0.png"));
        Files.delete(dir.resolve("act1/0.png"));
        before = BenchFixtures.snapshot(dir);
        BenchException e = assertThrows(BenchException.class, () -> BenchValidator.load(dir));
        assertEquals(2, e.problems().size());
    }

    @Test
    void officialShapeValidates(@TempDir Path official) throws IOException {
        Bench bench = BenchFixtures.bench(8, 10);
        assertEquals(new Evaluation(4, 10), bench.evaluation());
        BenchFixtures.write(official, bench);
        assertEquals(List.of(), BenchValidator.validate(official));
    }
}

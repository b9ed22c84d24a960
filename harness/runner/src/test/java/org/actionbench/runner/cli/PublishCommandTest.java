package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.data.run.Verdict;
import org.actionbench.runner.TinyWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish RUN DIR} on a small finished run of the tiny model. */
class PublishCommandTest {
    @TempDir
    static Path shared;
    static Path run;

    /** Two methods × two actions × four subjects (human, human, celebrity, animal), one image each. */
    @BeforeAll
    static void finishedJudgedRun() throws Exception {
        TinyWorld world = TinyWorld.shared();
        run = shared.resolve("runs/first");
        Path spec = world.spec(shared.resolve("specs/spec.yaml"), run, """
                methods: [stable-diffusion, {method: textual-inversion, settings: {steps: 2, gradientAccumulation: 1}}]
                actions: [bow, squat]
                subjects: [old-man, young-man, king-aurelio, cat]
                imagesPerPair: 1
                sampler: {steps: 2}
                """);
        MainTest.Result r = MainTest.run("run", spec.toString());
        assertEquals(0, r.code(), r.err());
        // Hand-made verdicts (the oracle judge is trained at 64 px, these images are 32): action right for
        // every bow, subject right for every image but the cat's.
        List<Judgement> judgements = new ArrayList<>();
        for (SampleRecord s : SamplesJsonl.read(run.resolve("samples.jsonl")).records()) {
            judgements.add(new Judgement("oracle", s.file(), s.method(), s.action(), s.subject(), s.group(),
                    s.action().equals("bow") ? Verdict.YES : Verdict.NO,
                    s.subject().equals("cat") ? Verdict.NO : Verdict.YES));
        }
        JudgementCsv.write(run.resolve("judgements-oracle.csv"), judgements);
    }

    @Test
    void writesEveryFileAndTheSameResultsTwice(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("pub/a");
        MainTest.Result r = MainTest.run("publish", run.toString(), a.toString(), "--reference", "stable-diffusion");
        assertEquals(0, r.code(), r.err());
        assertEquals(a + "\n", r.out());
        assertEquals(List.of("grids/bow.png", "grids/squat.png", "judgements-oracle.csv", "report.xlsx", "results.md",
                "samples.jsonl", "spec.yaml"), TinyWorld.files(a));
        assertArrayEquals(Files.readAllBytes(run.resolve("samples.jsonl")), Files.readAllBytes(a.resolve("samples.jsonl")));
        assertArrayEquals(Files.readAllBytes(run.resolve("judgements-oracle.csv")),
                Files.readAllBytes(a.resolve("judgements-oracle.csv")));

        // The published spec is the spec as given, its paths rewritten to name the same directories from there.
        var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        var spec = (com.fasterxml.jackson.databind.node.ObjectNode) yaml.readTree(a.resolve("spec.yaml").toFile());
        var given = (com.fasterxml.jackson.databind.node.ObjectNode) yaml.readTree(shared.resolve("specs/spec.yaml").toFile());
        for (String field : List.of("bench", "model", "output")) {
            assertEquals(Path.of(given.get(field).asText()).toAbsolutePath().normalize(),
                    a.resolve(spec.get(field).asText()).toAbsolutePath().normalize(), field);
            spec.remove(field);
            given.remove(field);
        }
        assertEquals(given, spec);
        assertTrue(Files.readString(a.resolve("spec.yaml")).contains("\n# commit: "), "the commit is in the spec");

        String results = Files.readString(a.resolve("results.md"));
        assertTrue(results.contains("## Table 1\n"), results);
        assertTrue(results.contains("## Paired comparison against stable-diffusion\n"), results);
        assertTrue(results.contains("| textual-inversion | 8 | "), results);
        // Four cells, each with its started line and its wall time; the run recorded its commit and machine.
        assertEquals(4, results.lines().filter(l -> l.matches("\\| [a-z-]+ \\| (bow|squat) \\| 20.*\\| 1 \\| \\d+:\\d\\d:\\d\\d\\.\\d \\|")).count(),
                results);
        assertFalse(results.contains("not recorded"), results);
        assertTrue(results.contains("(old-man, king-aurelio, cat, young-man)"), results);

        // Grid size: label column 4 + "textual-inversion" (17 glyphs × 6 − 1 = 101) + 4 = 109 px, then a 2 px
        // gutter and 4 columns of 32 + 2 px: 247. Header 4 + 2 × 9 + 4 = 26, gutter 2, 2 rows of 34: 96.
        BufferedImage grid = ImageIO.read(a.resolve("grids/squat.png").toFile());
        assertEquals(247, grid.getWidth());
        assertEquals(96, grid.getHeight());
        // Row 2 (textual-inversion), column 2 (king-aurelio) is that cell's image 0, pixel for pixel.
        BufferedImage tile = ImageIO.read(run.resolve("cells/textual-inversion/squat/samples/king-aurelio/0.png").toFile());
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(tile.getRGB(x, y), grid.getRGB(109 + 2 + 34 + x, 26 + 2 + 34 + y), "pixel " + x + "," + y);
            }
        }
        // The labels are drawn: the label column and the header are not plain background.
        assertTrue(distinctColours(grid, 0, 28, 109, 96) > 1, "method names drawn");
        assertTrue(distinctColours(grid, 111, 0, 247, 26) > 1, "subject ids drawn");

        Path b = dir.resolve("pub/b");
        MainTest.Result again = MainTest.run("publish", run.toString(), b.toString(), "--reference=stable-diffusion");
        assertEquals(0, again.code(), again.err());
        assertEquals(results, Files.readString(b.resolve("results.md")));
        assertArrayEquals(Files.readAllBytes(a.resolve("grids/bow.png")), Files.readAllBytes(b.resolve("grids/bow.png")));
        assertEquals(Files.readString(a.resolve("spec.yaml")), Files.readString(b.resolve("spec.yaml")));
    }

    @Test
    void chosenSubjectsMakeTheColumns(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pub");
        MainTest.Result r = MainTest.run("publish", run.toString(), out.toString(), "--subjects", "cat,old-man");
        assertEquals(0, r.code(), r.err());
        BufferedImage grid = ImageIO.read(out.resolve("grids/bow.png").toFile());
        assertEquals(109 + 2 + 2 * 34, grid.getWidth());
        BufferedImage cat = ImageIO.read(run.resolve("cells/stable-diffusion/bow/samples/cat/0.png").toFile());
        assertEquals(cat.getRGB(5, 7), grid.getRGB(111 + 5, 28 + 7));
        // Without --reference the best method is the reference.
        assertTrue(Files.readString(out.resolve("results.md")).contains("## Paired comparison against "));
    }

    /** --notes: the file's text sits between the header table and Table 1; publishing again keeps it. */
    @Test
    void notesAreCarriedIntoTheResults(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.md");
        Files.writeString(notes, "## About this run\n\nTraining steps × 0.25 for every method.\n\n");
        Path out = dir.resolve("pub");
        MainTest.Result r = MainTest.run("publish", run.toString(), out.toString(), "--notes", notes.toString());
        assertEquals(0, r.code(), r.err());
        String results = Files.readString(out.resolve("results.md"));
        int header = results.indexOf("| wall time | ");
        int about = results.indexOf("## About this run\n\nTraining steps × 0.25 for every method.\n");
        int table1 = results.indexOf("## Table 1\n");
        int perCell = results.indexOf("## Wall time per cell\n");
        assertTrue(header >= 0 && header < about && about < table1 && table1 < perCell, results);
        // The per-method sums: two cells each.
        assertTrue(results.contains("\n| stable-diffusion | 2 | "), results);
        assertTrue(results.contains("\n| textual-inversion | 2 | "), results);
        assertEquals(List.of("grids/bow.png", "grids/squat.png", "judgements-oracle.csv", "report.xlsx", "results.md",
                "samples.jsonl", "spec.yaml"), TinyWorld.files(out), "the notes are in results.md, not a file of their own");
    }

    /**
     * --paths-from: the published spec names another spec's bench, model and output (relative to the published
     * directory) once that bench and model hold the run's files byte for byte; one changed byte is refused.
     */
    @Test
    void pathsFromAnotherSpecAreCheckedAndWritten(@TempDir Path dir) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("spec.json").toFile());
        Path bench = dir.resolve("copy/bench");
        Path model = dir.resolve("copy/model");
        copyTree(Path.of(json.get("bench").asText()), bench);
        copyTree(Path.of(json.get("model").asText()), model);
        Path other = Files.createDirectories(dir.resolve("other")).resolve("spec.yaml");
        Files.writeString(other, "bench: ../copy/bench\nmodel: ../copy/model\noutput: ../copy/out\nmethods: [stable-diffusion]\n");
        Path out = dir.resolve("pub/a");
        MainTest.Result r = MainTest.run("publish", run.toString(), out.toString(), "--paths-from", other.toString());
        assertEquals(0, r.code(), r.err());
        var spec = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(out.resolve("spec.yaml").toFile());
        assertEquals(bench, out.resolve(spec.get("bench").asText()).normalize());
        assertEquals(model, out.resolve(spec.get("model").asText()).normalize());
        assertEquals(dir.resolve("copy/out"), out.resolve(spec.get("output").asText()).normalize());
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("naming those of spec.yaml (its bench and model"
                + " were checked"), Files.readString(out.resolve("spec.yaml")));
        assertTrue(Files.readString(out.resolve("results.md")).contains("| model | `../../copy/model` "),
                Files.readString(out.resolve("results.md")));

        Path weights;
        try (var files = Files.walk(model)) {
            weights = files.filter(f -> f.toString().endsWith(".safetensors")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);
        Path refused = dir.resolve("pub/b");
        MainTest.Result bad = MainTest.run("publish", run.toString(), refused.toString(), "--paths-from",
                other.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--paths-from: " + other + ": its model " + model + " does not hold the run's"
                + " files"), bad.err());
        assertTrue(bad.err().contains(model.relativize(weights).toString().replace('\\', '/') + " differs"), bad.err());
        assertFalse(Files.exists(refused));
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void badInputWritesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pub");
        MainTest.Result ref = MainTest.run("publish", run.toString(), out.toString(), "--reference", "adi");
        assertEquals(1, ref.code());
        assertTrue(ref.err().contains("--reference: no method \"adi\" in the judgements (they have: stable-diffusion, "
                + "textual-inversion)"), ref.err());
        MainTest.Result subject = MainTest.run("publish", run.toString(), out.toString(), "--subjects", "panda");
        assertEquals(1, subject.code());
        assertTrue(subject.err().contains("--subjects: the run has no subject \"panda\""), subject.err());
        MainTest.Result noNotes = MainTest.run("publish", run.toString(), out.toString(), "--notes",
                dir.resolve("absent.md").toString());
        assertEquals(1, noNotes.code());
        assertTrue(noNotes.err().contains("--notes: " + dir.resolve("absent.md") + ": no such file"), noNotes.err());
        Path blank = Files.writeString(dir.resolve("blank.md"), " \n");
        MainTest.Result blankNotes = MainTest.run("publish", run.toString(), out.toString(), "--notes", blank.toString());
        assertEquals(1, blankNotes.code());
        assertTrue(blankNotes.err().contains("--notes: " + blank + ": the file is empty"), blankNotes.err());
        Files.delete(blank);
        MainTest.Result notARun = MainTest.run("publish", dir.toString(), out.toString());
        assertEquals(1, notARun.code());
        assertTrue(notARun.err().contains("not a run directory"), notARun.err());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), TinyWorld.files(dir), "no temporary directory left behind");

        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        MainTest.Result taken = MainTest.run("publish", run.toString(), out.toString());
        assertEquals(1, taken.code());
        assertTrue(taken.err().contains("exists and is not empty"), taken.err());
        assertEquals(List.of("keep.txt"), TinyWorld.files(out));
        MainTest.Result usage = MainTest.run("publish", run.toString());
        assertEquals(2, usage.code());
    }

    /** An image changed after sampling no longer matches samples.jsonl: refused, on a copy of the run. */
    @Test
    void anAlteredImageIsRefused(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("copy");
        copyTree(run, copy);
        // spec.json names the run's place; publish reads only its bench and model, so a copy publishes.
        Path image = copy.resolve("cells/stable-diffusion/squat/samples/cat/0.png");
        BufferedImage img = ImageIO.read(image.toFile());
        img.setRGB(0, 0, img.getRGB(0, 0) ^ 0x010101);
        ImageIO.write(img, "png", image.toFile());
        Path out = dir.resolve("pub");
        MainTest.Result r = MainTest.run("publish", copy.toString(), out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(image + ": sha256: is "), r.err());
        assertTrue(r.err().contains("the image was changed after sampling"), r.err());
        assertFalse(Files.exists(out));
    }

    private static int distinctColours(BufferedImage img, int x0, int y0, int x1, int y1) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}

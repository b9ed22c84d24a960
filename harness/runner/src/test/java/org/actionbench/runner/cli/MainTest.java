package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    /** OpenAI's CLIP vocabulary, committed as the engine's test data. */
    static final Path CLIP_BPE = Path.of("../engine/src/test/resources/clip/bpe_simple_vocab_16e6.txt.gz");

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tokenizePrintsTheModelIdsOnOneLine() {
        assertTrue(Files.isRegularFile(CLIP_BPE), "test data missing: " + CLIP_BPE.toAbsolutePath());
        Result r = run("tokenize", CLIP_BPE.toString(), "a photo of a cat");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(1, lines.length);
        String[] ids = lines[0].trim().split(" ");
        assertEquals(77, ids.length);
        // Published ids of this prompt (CLIP ViT-L/14 tokenizer), then OpenAI's zero padding.
        assertEquals("49406 320 1125 539 320 2368 49407", String.join(" ", java.util.Arrays.copyOf(ids, 7)));
        for (int i = 7; i < 77; i++) {
            assertEquals("0", ids[i]);
        }
    }

    @Test
    void aTextStartingWithDashesIsTokenizedAfterTheEndOfOptions() {
        Result r = run("tokenize", CLIP_BPE.toString(), "--", "--cat");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("49406 "), r.out());
        Result refused = run("tokenize", CLIP_BPE.toString(), "--cat");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("unknown option --cat"), refused.err());
    }

    @Test
    void badTokenizerPathIsOneMessageNamingItWithoutStackTrace() {
        Result r = run("tokenize", "/nonexistent/tokenizer", "a cat");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/nonexistent/tokenizer"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void modelInspectPrintsComponentSizesFromConfigsAlone() {
        String sd21 = "../engine/src/test/resources/config/sd21-base";
        Result r = run("model", "inspect", sd21);
        assertEquals(0, r.code(), r.err());
        assertEquals("text_encoder 340387840\nunet 865910724\nvae 83653863\n", r.out());
        Result keys = run("model", "inspect", sd21, "--keys");
        assertEquals(0, keys.code(), keys.err());
        assertTrue(keys.out().contains("\nconv_in.weight [320,4,3,3]\n"), "UNet conv_in key line missing");
        assertTrue(keys.out().contains("\ntext_model.embeddings.token_embedding.weight [49408,1024]\n"));
        for (String line : keys.out().split("\n")) {
            assertEquals(2, line.split(" ").length, "one record per line, two fields: " + line);
        }
        Result bad = run("model", "inspect", "/nonexistent/snapshot");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("/nonexistent/snapshot"), bad.err());
    }

    @Test
    void runPlanMemoryOnlyEstimatesSd21FromItsConfigsAloneAndChecksACard(@TempDir Path dir) throws Exception {
        Path sd21 = Path.of("../engine/src/test/resources/config/sd21-base").toAbsolutePath().normalize();
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "bench: " + org.actionbench.runner.TinyWorld.shared().bench() + "\nmodel: " + sd21
                + "\noutput: " + dir.resolve("run") + "\nmethods: [stable-diffusion, dreambooth]\nactions: [bow]\n"
                + "subjects: [cat]\ndevice: cuda\n");
        Result r = run("run", spec.toString(), "--plan", "--memory-only", "--gpu-memory", "24G");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("memory cell 0 stable-diffusion bow train - sample "), r.out());
        assertTrue(lines.get(1).startsWith("memory cell 1 dreambooth bow train "), r.out());
        assertTrue(lines.get(lines.size() - 1).startsWith("memory max "), r.out());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("memory ")), r.out());
        assertFalse(Files.exists(dir.resolve("run")), "a plan writes no run directory");
        // a time estimate needs the weights: the planner names the first one missing
        Result full = run("run", spec.toString(), "--plan");
        assertEquals(1, full.code());
        assertTrue(full.err().contains("missing weights for component"), full.err());
        Result cpu = run("run", spec.toString(), "--plan", "--memory-only", "--gpu-memory", "24G", "--device", "cpu");
        assertEquals(2, cpu.code());
        assertTrue(cpu.err().contains("--gpu-memory checks a cuda device, but the device is cpu"), cpu.err());
        Result size = run("run", spec.toString(), "--plan", "--memory-only", "--gpu-memory", "lots");
        assertEquals(2, size.code());
        assertTrue(size.err().contains("--gpu-memory: expected a size such as 24G or 40960M, found 'lots'"), size.err());
        Result noPlan = run("run", spec.toString(), "--memory-only");
        assertEquals(2, noPlan.code());
        assertTrue(noPlan.err().contains("--memory-only needs --plan"), noPlan.err());
        assertEquals("", noPlan.out() + size.out() + cpu.out());
    }

    @Test
    void benchMiniWritesABenchThatValidatesAndBrokenBenchesAreReported(@TempDir Path dir) throws Exception {
        Path bench = dir.resolve("mini");
        Result mini = run("bench", "mini", bench.toString(), "--seed", "3");
        assertEquals(0, mini.code(), mini.err());
        assertTrue(mini.out().contains("8 actions, 23 subjects"), mini.out());
        Result ok = run("bench", "validate", bench.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertEquals("", ok.out());

        Files.delete(bench.resolve(firstExemplar(bench)));
        Result broken = run("bench", "validate", bench.toString());
        assertEquals(1, broken.code());
        assertTrue(broken.out().contains(firstExemplar(bench)), broken.out());
        assertTrue(broken.err().contains("1 problem"), broken.err());

        Result again = run("bench", "mini", bench.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("not empty"), again.err());

        Path out = dir.resolve("imported");
        Result imported = run("bench", "import", dir.resolve("no-such-folder").toString(), out.toString());
        assertEquals(1, imported.code());
        assertTrue(imported.err().contains("no-such-folder"), imported.err());
        assertFalse(Files.exists(out));

        Result sheet = run("bench", "contact-sheet", dir.resolve("sheet.png").toString(), "--cell", "32");
        assertEquals(0, sheet.code(), sheet.err());
        assertTrue(Files.size(dir.resolve("sheet.png")) > 0);
    }

    private static String firstExemplar(Path bench) throws Exception {
        String json = Files.readString(bench.resolve("bench.json"));
        int i = json.indexOf("\"file\"");
        int start = json.indexOf('"', json.indexOf(':', i) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }

    @Test
    void reportPrintsTheTableAndWritesExcelButNothingForABadCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("judgements.csv");
        Files.writeString(csv, """
                rater,image,method,action,subject,group,action_correct,subject_correct
                r1,adi/a/s/0.png,adi,a,s,human,yes,yes
                r1,adi/a/s/1.png,adi,a,s,human,yes,no
                r1,sd/a/s/0.png,sd,a,s,human,no,yes
                r1,sd/a/s/1.png,sd,a,s,human,no,yes
                """);
        Path xlsx = dir.resolve("report.xlsx");
        Result r = run("report", csv.toString(), "--xlsx", xlsx.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("adi") && r.out().contains("sd"), r.out());
        // adi: action 2/2, subject 1/2, total 1/2
        assertTrue(r.out().contains("100.00") && r.out().contains("50.00"), r.out());
        assertTrue(Files.size(xlsx) > 0);

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, """
                rater,image,method,action,subject,group,action_correct,subject_correct
                r1,adi/a/s/0.png,adi,a,s,human,yes,maybe
                """);
        Path badOut = dir.resolve("bad.xlsx");
        Result rejected = run("report", bad.toString(), "--xlsx", badOut.toString());
        assertEquals(1, rejected.code());
        assertTrue(rejected.err().contains("2"), "line number expected: " + rejected.err());
        assertFalse(Files.exists(badOut));
    }

    @Test
    void miniModelTrainingRefusesATakenOutputBeforeTrainingAnything(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("snapshot"));
        Files.writeString(out.resolve("keep.txt"), "someone's file");
        for (String stage : new String[] {"pretrain", "train-judge"}) {
            Result r = run("mini-model", stage, out.toString(), "--scale", "0.001");
            assertEquals(1, r.code(), stage + ": " + r.err());
            assertTrue(r.err().contains(out + ": exists and is not empty"), r.err());
            assertEquals("", r.out(), stage + " started nothing");
        }
        assertFalse(Files.exists(dir.resolve("snapshot.work")), "no checkpoint directory was created");
        try (var files = Files.list(out)) {
            assertEquals(java.util.List.of(out.resolve("keep.txt")), files.toList());
        }
    }

    @Test
    void wrongArgumentCountIsUsageError() {
        Result r = run("tokenize", "only-one");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("usage: actionbench tokenize TOKENIZER TEXT"), r.err());
    }

    /** The shared argument parser keeps every command's --help and turns a stray flag into a usage error. */
    @Test
    void everyCommandAnswersHelpAndRefusesAnUnknownFlagBeforeDoingAnything(@TempDir Path dir) {
        java.util.List<String> names = new Main().commandNames();
        assertTrue(names.containsAll(java.util.List.of("demo", "bench", "mini-model", "serve", "cell", "combine")),
                names.toString());
        for (String name : names) {
            Result help = run(name, "--help");
            assertEquals(0, help.code(), name + ": " + help.err());
            assertTrue(help.out().startsWith("usage: actionbench " + name + " "), name + ": " + help.out());
            assertEquals("", help.err(), name);

            // demo would write ./actionbench-demo if the flag were ignored: point it elsewhere to be sure.
            Result bad = run(name, "--no-such-flag", "--out", dir.resolve(name).toString());
            assertEquals(2, bad.code(), name + ": " + bad.err());
            assertTrue(bad.err().startsWith("actionbench " + name + ": unknown option --no-such-flag\n"),
                    name + ": " + bad.err());
            assertTrue(bad.err().contains("usage: actionbench " + name + " "), name + ": " + bad.err());
            assertEquals("", bad.out(), name);
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no command wrote anything");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void optionsWithValuesAreCheckedByName() {
        Result missing = run("report", "judgements.csv", "--format");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--format needs a value (markdown|csv|results)"), missing.err());
        Result choice = run("report", "judgements.csv", "--format", "html");
        assertEquals(2, choice.code());
        assertTrue(choice.err().contains("--format must be markdown or csv or results, got 'html'"), choice.err());
        Result number = run("bench", "mini", "/tmp/never-written", "--resolution", "0");
        assertEquals(2, number.code());
        assertTrue(number.err().contains("--resolution must be a positive integer, got '0'"), number.err());
        Result cpus = run("slurm", "spec.yaml", "--cpus-per-task=two");
        assertEquals(2, cpus.code());
        assertTrue(cpus.err().contains("--cpus-per-task must be a positive integer, got 'two'"), cpus.err());
        Result twice = run("demo", "--out", "a", "--out", "b");
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("--out is given twice"), twice.err());
        Result index = run("cell", "RUN", "--index", "x");
        assertEquals(2, index.code());
        assertTrue(index.err().contains("--index must be an integer, got 'x'"), index.err());
    }

    @Test
    void helpListsCommandsAndUnknownCommandsFail() {
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("tokenize"));
        Result unknown = run("frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("frobnicate"));
        for (String command : new String[] {"demo", "run", "resume", "status", "slurm", "judge", "serve", "report"}) {
            assertTrue(help.out().contains("  " + command + " "), command + " is listed: " + help.out());
        }
        Result badServe = run("serve", "--import", "/nonexistent-run");
        assertEquals(2, badServe.code());
        assertTrue(badServe.err().contains("/nonexistent-run is not a run directory"), badServe.err());
        Result commandHelp = run("tokenize", "--help");
        assertEquals(0, commandHelp.code());
        assertTrue(commandHelp.out().contains("bpe_simple_vocab_16e6.txt.gz"));
    }
}

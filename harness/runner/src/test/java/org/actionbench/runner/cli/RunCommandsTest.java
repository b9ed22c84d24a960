package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.runner.TinyWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run, resume, status and slurm as a user meets them: messages, exit codes, one record per line. */
class RunCommandsTest {

    @Test
    void aBadSpecIsEveryProblemAndNothingStarted(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "bench: nowhere\nmodel: nothing\noutput: out\nmethods: [no-such-method]\nimagesPerPair: 0\n");
        MainTest.Result r = MainTest.run("run", spec.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(spec + ": imagesPerPair: must be at least 1, found 0"), r.err());
        assertTrue(r.err().contains("problem(s); nothing started"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve("out")));

        MainTest.Result planned = MainTest.run("run", dir.resolve("missing.yaml").toString());
        assertEquals(1, planned.code());
        assertTrue(planned.err().contains("missing.yaml: no such file"), planned.err());

        MainTest.Result slurm = MainTest.run("slurm", spec.toString());
        assertEquals(1, slurm.code());
        assertTrue(slurm.err().contains("nothing started"), slurm.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void runThenStatusThenResumeOfAFinishedRun(@TempDir Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        Path out = dir.resolve("run");
        Path spec = world.spec(dir.resolve("spec.yaml"), out, """
                methods: [{method: textual-inversion, settings: {steps: 2, gradientAccumulation: 1}}]
                actions: [bow, squat]
                subjects: [cat]
                imagesPerPair: 1
                sampler: {steps: 2}
                """);
        MainTest.Result plan;
        MainTest.Result parallelPlan;
        System.setProperty("actionbench.planCache", dir.resolve("plan-cache.properties").toString());
        try {
            plan = MainTest.run("run", spec.toString(), "--plan");
            parallelPlan = MainTest.run("run", spec.toString(), "--plan", "--parallel", "2");
        } finally {
            System.clearProperty("actionbench.planCache");
        }
        assertEquals(0, plan.code(), plan.err());
        String number = "[0-9]+\\.[0-9]+";
        String cells = "cell 0 textual-inversion bow 1 train N sample N GFLOP N s\n"
                + "cell 1 textual-inversion squat 1 train N sample N GFLOP N s\n"
                + "images 2\n"
                + "measured textual-inversion step N GFLOP N s N GFLOP/s image N GFLOP N s N GFLOP/s\n"
                + "method textual-inversion N TFLOP N h\n";
        // then the memory estimate (MemoryEstimateTest checks its figures)
        String memory = "memory cell 0 textual-inversion bow train N sample N GiB\n"
                + "memory cell 1 textual-inversion squat train N sample N GiB\n"
                + "memory textual-inversion train N GiB = weights [^\n]*\n"
                + "memory textual-inversion sample N GiB = weights [^\n]*\n"
                + "memory max N GiB \\(cell 0 textual-inversion/bow\\)\n";
        assertTrue(plan.out().matches((cells + "total N TFLOP N h one cell at a time\n" + memory).replace("N", number)),
                plan.out());
        assertTrue(plan.err().contains("measuring textual-inversion on textual-inversion/bow"), plan.err());
        assertEquals(0, parallelPlan.code(), parallelPlan.err());
        assertTrue(parallelPlan.out().matches((cells + "total N TFLOP N h one cell at a time; N h with --parallel 2 "
                + "\\(each cell [0-9.]+x slower beside the others\\)\n" + memory).replace("N", number)),
                parallelPlan.out());
        assertEquals("", parallelPlan.err().lines().filter(l -> l.startsWith("measuring")).findAny().orElse(""),
                "the second plan reads the first one's measurements");
        assertFalse(Files.exists(out), "--plan writes nothing");

        MainTest.Result run = MainTest.run("run", spec.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(out + "\n", run.out());
        assertTrue(run.err().contains("[2/2] textual-inversion/squat: done"), run.err());

        MainTest.Result status = MainTest.run("status", out.toString());
        assertEquals(0, status.code(), status.err());
        assertEquals("""
                cell textual-inversion bow done step 2/2 images 1/1
                cell textual-inversion squat done step 2/2 images 1/1
                run cells 2/2 images 2/2
                """, status.out());

        MainTest.Result again = MainTest.run("run", spec.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("it holds a run: actionbench resume " + out), again.err());

        byte[] samples = Files.readAllBytes(out.resolve("samples.jsonl"));
        MainTest.Result resume = MainTest.run("resume", out.toString());
        assertEquals(0, resume.code(), resume.err());
        assertTrue(resume.err().contains("2 cells (2 done)"), resume.err());
        assertEquals(new String(samples), Files.readString(out.resolve("samples.jsonl")));
    }

    @Test
    void oneCellOfAPublishedSpecReRunsToTheSameBytesAndIsCheckedAgainstItsRecords(@TempDir Path dir)
            throws Exception {
        TinyWorld world = TinyWorld.shared();
        Path full = dir.resolve("full");
        Path spec = world.spec(dir.resolve("spec.yaml"), full, """
                methods:
                  - stable-diffusion
                  - {method: textual-inversion, name: ti, settings: {steps: 3, gradientAccumulation: 1}}
                actions: [bow, squat]
                subjects: [cat, old-man]
                imagesPerPair: 2
                seeds: {training: 5, sampling: 9}
                sampler: {steps: 3}
                """);
        assertEquals(0, MainTest.run("run", spec.toString()).code());
        Path published = full.resolve("samples.jsonl");

        // The grid's last cell, alone: another cell index, no other method trained before it in the process.
        Path again = dir.resolve("again");
        MainTest.Result one = MainTest.run("run", spec.toString(), "--only", "ti/squat", "--output", again.toString(),
                "--check-against", published.toString());
        assertEquals(0, one.code(), one.err());
        assertEquals(again + "\ncheck 4 images match " + published + "\n", one.out());
        List<String> cellFiles = TinyWorld.files(again.resolve("cells")).stream().filter(f -> f.endsWith(".png"))
                .toList();
        assertEquals(4, cellFiles.size(), cellFiles.toString());
        for (String f : cellFiles) {
            assertTrue(f.startsWith("ti/squat/"), f);
            assertArrayEquals(Files.readAllBytes(full.resolve("cells").resolve(f)),
                    Files.readAllBytes(again.resolve("cells").resolve(f)), f);
        }
        assertArrayEquals(Files.readAllBytes(full.resolve("cells/ti/squat/artifact.safetensors")),
                Files.readAllBytes(again.resolve("cells/ti/squat/artifact.safetensors")));

        // A published record whose digest differs from the re-run's bytes: named, exit 1.
        String records = Files.readString(published);
        String line = records.lines().filter(l -> l.contains("cells/ti/squat/samples/old-man/1.png")).findFirst()
                .orElseThrow();
        String digest = line.replaceAll(".*\"sha256\":\"([0-9a-f]{64})\".*", "$1");
        String flipped = (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1);
        Path tampered = dir.resolve("tampered.jsonl");
        Files.writeString(tampered, records.replace(digest, flipped));
        MainTest.Result mismatch = MainTest.run("run", spec.toString(), "--only", "ti/squat", "--output",
                dir.resolve("third").toString(), "--check-against", tampered.toString());
        assertEquals(1, mismatch.code(), mismatch.err());
        assertTrue(mismatch.err().contains("cells/ti/squat/samples/old-man/1.png: sha256 " + digest + ", "
                + tampered + " has " + flipped), mismatch.err());
        assertTrue(mismatch.err().contains("1 of 4 images do not match"), mismatch.err());
    }

    @Test
    void aSelectionTheSpecDoesNotHaveIsOneProblemAndNothingWritten(@TempDir Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        Path out = dir.resolve("run");
        Path spec = world.spec(dir.resolve("spec.yaml"), dir.resolve("published"), """
                methods: [stable-diffusion]
                actions: [bow]
                """);
        MainTest.Result method = MainTest.run("run", spec.toString(), "--only", "adi/bow", "--output", out.toString());
        assertEquals(1, method.code());
        assertTrue(method.err().contains(spec + ": --only: the spec has no method entry named \"adi\" (it has: "
                + "stable-diffusion)"), method.err());
        MainTest.Result action = MainTest.run("run", spec.toString(), "--only", "stable-diffusion/squat", "--output",
                out.toString());
        assertEquals(1, action.code());
        assertTrue(action.err().contains("--only: the spec's actions do not include \"squat\""), action.err());
        MainTest.Result shape = MainTest.run("run", spec.toString(), "--only", "stable-diffusion", "--output",
                out.toString());
        assertEquals(1, shape.code());
        assertTrue(shape.err().contains("--only: expected METHOD/ACTION"), shape.err());
        MainTest.Result check = MainTest.run("run", spec.toString(), "--output", out.toString(), "--check-against",
                dir.resolve("none.jsonl").toString());
        assertEquals(1, check.code());
        assertTrue(check.err().contains("none.jsonl: no such file; nothing started"), check.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void statusAndResumeOfSomethingThatIsNotARun(@TempDir Path dir) {
        MainTest.Result status = MainTest.run("status", dir.toString());
        assertEquals(1, status.code());
        assertTrue(status.err().contains(dir + ": not a run directory (no run.json)"), status.err());
        MainTest.Result resume = MainTest.run("resume", dir.toString());
        assertEquals(1, resume.code());
        assertTrue(resume.err().contains("not a run directory"), resume.err());
        MainTest.Result usage = MainTest.run("status");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("usage: actionbench status RUN"), usage.err());
    }

    @Test
    void helpListsTheRunCommandsButNotTheInternalOnes() {
        MainTest.Result help = MainTest.run("--help");
        int planned = help.out().indexOf("not implemented yet");
        String implemented = planned < 0 ? help.out() : help.out().substring(0, planned);
        for (String c : new String[] {"run", "resume", "status", "slurm"}) {
            assertTrue(implemented.contains("\n  " + c + " "), c + " missing from:\n" + help.out());
        }
        assertFalse(help.out().contains("  cell "), help.out());
        assertFalse(help.out().contains("  combine "), help.out());
        MainTest.Result specHelp = MainTest.run("run", "--help");
        assertTrue(specHelp.out().contains("SPEC.md"), specHelp.out());
    }
}

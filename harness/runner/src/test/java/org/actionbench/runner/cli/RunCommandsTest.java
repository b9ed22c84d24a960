package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
        MainTest.Result plan = MainTest.run("run", spec.toString(), "--plan");
        assertEquals(0, plan.code(), plan.err());
        assertEquals("cell 0 textual-inversion bow 1\ncell 1 textual-inversion squat 1\nimages 2\n", plan.out());
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

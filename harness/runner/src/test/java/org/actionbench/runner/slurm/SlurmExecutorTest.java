package org.actionbench.runner.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.exec.LocalExecutor;
import org.actionbench.runner.exec.LocalExecutorTest;
import org.actionbench.runner.exec.RunDirectory;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.progress.ProgressSink;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Slurm (the single-node cluster .ci/run starts on the loopback interface): skipped when no
 * cluster answers, required when CI=true.
 */
class SlurmExecutorTest {
    static TinyWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        Optional<String> missing = Sbatch.unavailable();
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true needs a Slurm cluster (.ci/slurm-local.sh start; SLURM_CONF exported): "
                        + missing.get());
            }
            Assumptions.abort("no Slurm cluster: " + missing.get());
        }
        world = TinyWorld.shared();
    }

    @Test
    void anArrayRunWritesTheSameRunDirectoryAsTheLocalExecutor(@TempDir Path dir) throws Exception {
        Path local = new LocalExecutor(MethodCatalog.installed(), ProgressSink.NONE)
                .run(RunSpecReader.read(world.spec(dir.resolve("local.yaml"), dir.resolve("local"),
                        LocalExecutorTest.GRID)));

        RunPlan plan = Planner.plan(RunSpecReader.read(world.spec(dir.resolve("slurm.yaml"), dir.resolve("slurm"),
                LocalExecutorTest.GRID)), MethodCatalog.installed(), Planner.Output.NEW);
        RunDirectory run = RunDirectory.create(plan);
        SlurmExecutor slurm = new SlurmExecutor(SlurmOptions.DEFAULT, JavaCommand.current(TinyWorld.classpath(), 1));
        SlurmExecutor.Submission s = slurm.submit(plan, run);
        assertEquals(plan.cells().size(), s.cells().size());

        awaitFinished(s.combineJob(), run.root());
        // Job states are not trusted (this cluster reports some failed jobs as COMPLETED): the outputs are.
        LocalExecutorTest.assertSameRun(local, run.root());
        for (int i = 0; i < plan.cells().size(); i++) {
            Path log = run.root().resolve("slurm/logs/cell-" + s.arrayJob() + "_" + i + ".out");
            assertTrue(Files.readString(log).contains(plan.cells().get(i).label()), log.toString());
        }

        // Submitting the finished run again has no cell left to run: only the combine job goes.
        SlurmExecutor.Submission again = slurm.submit(plan, run);
        assertEquals(List.of(), again.cells());
        assertEquals(null, again.arrayJob());
        awaitFinished(again.combineJob(), run.root());
        LocalExecutorTest.assertSameRun(local, run.root());
    }

    private static void awaitFinished(String job, Path run) throws Exception {
        long end = System.nanoTime() + 300_000_000_000L;
        while (true) {
            List<String> states = Sbatch.states(job);
            if (!states.isEmpty() && states.stream().allMatch(Sbatch::isFinished)) {
                return;
            }
            if (System.nanoTime() > end) {
                fail("Slurm job " + job + " not finished in 300 s (states " + states + "); logs in " + run.resolve("slurm"));
            }
            Thread.sleep(500);
        }
    }
}

package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.data.run.CellState;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.RunManifest;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.progress.ProgressSink;
import org.actionbench.runner.slurm.JavaCommand;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class LocalExecutorTest {
    static TinyWorld world;

    /**
     * Two methods (one learns nothing, one trains with frequent checkpoints) x two actions x two subjects; a
     * cell's four images in sampling batches of three, so a batch spans both subjects and a kill can leave one
     * half-recorded.
     */
    public static final String GRID = """
            methods:
              - stable-diffusion
              - method: textual-inversion
                settings: {steps: 16, checkpointEvery: 4, gradientAccumulation: 1}
            actions: [raise-one-arm, bow]
            subjects: [old-man, panda]
            imagesPerPair: 2
            seeds: {training: 3, sampling: 11}
            sampler: {steps: 6, batch: 3}
            """;

    @BeforeAll
    static void setUp() throws Exception {
        world = TinyWorld.shared();
    }

    @Test
    void aRunKilledMidTrainingThenMidSamplingAndResumedEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path straight = new LocalExecutor(MethodCatalog.installed(), ProgressSink.NONE)
                .run(RunSpecReader.read(world.spec(dir.resolve("a.yaml"), dir.resolve("straight"), GRID)));

        Path killed = dir.resolve("killed");
        Path spec = world.spec(dir.resolve("b.yaml"), killed, GRID);
        RunLayout layout = new RunLayout(killed);
        RunLayout.Cell training = new RunLayout.Cell("textual-inversion", "raise-one-arm");
        RunLayout.Cell sampling = new RunLayout.Cell("textual-inversion", "bow");

        // Kill 1: training has passed a checkpoint and gone on, so the kill lands between checkpoints.
        Process child = startCli(dir.resolve("child1.log"), "run", spec.toString());
        killWhen(child, dir.resolve("child1.log"), () -> metricsRows(layout.metricsCsv(training)) >= 6);
        CellState atKill = CellState.read(layout.cellState(training));
        assertEquals(CellState.Status.RUNNING, atKill.status());
        assertTrue(Files.exists(layout.cell(training).resolve(TrainingContext.CHECKPOINT_FILE)), "no checkpoint yet");
        assertFalse(Files.exists(layout.cell(training).resolve(CellRunner.ARTIFACT_FILE)), "training had finished");
        RunPlan plan = LocalExecutor.plan(RunDirectory.open(killed), MethodCatalog.installed());
        CellStatus status = CellStatus.of(plan, layout).stream().filter(c -> c.cell().cell().equals(training))
                .findFirst().orElseThrow();
        assertEquals("interrupted", status.status());

        // Kill 2: a resume, killed after the next cell recorded its first images and before its last.
        Path cellSamples = CellRunner.cellSamples(layout, sampling);
        Process resume = startCli(dir.resolve("child2.log"), "resume", killed.toString());
        killWhen(resume, dir.resolve("child2.log"), () -> lines(cellSamples) >= 1);
        assertFalse(CellState.read(layout.cellState(sampling)).isDone(), "the cell finished before the kill");
        assertTrue(lines(cellSamples) < 4, "every image was recorded before the kill");
        assertTrue(CellState.read(layout.cellState(training)).isDone());
        Map<String, FileTime> finishedFiles = new HashMap<>();
        for (RunLayout.Cell c : layout.cells()) {
            if (CellState.read(layout.cellState(c)).isDone()) {
                finishedFiles.putAll(modificationTimes(layout.cell(c)));
            }
        }
        assertEquals(3, finishedFiles.keySet().stream().filter(f -> f.endsWith("state.json")).count(),
                "stable-diffusion's two cells and the resumed training's cell were done: " + finishedFiles.keySet());

        new LocalExecutor(MethodCatalog.installed(), ProgressSink.NONE).resume(killed);

        Map<String, FileTime> afterwards = new HashMap<>();
        for (RunLayout.Cell c : layout.cells()) {
            modificationTimes(layout.cell(c)).forEach((f, t) -> {
                if (finishedFiles.containsKey(f)) {
                    afterwards.put(f, t);
                }
            });
        }
        assertEquals(finishedFiles, afterwards, "a finished cell was redone");
        assertSameRun(straight, killed);
        String log = Files.readString(layout.trainLog(training));
        assertTrue(log.contains("resumed from " + TrainingContext.CHECKPOINT_FILE), log);
    }

    private static void killWhen(Process p, Path log, Check moment) throws Exception {
        try {
            waitFor(p, log, moment);
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private static long lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file).chars().filter(c -> c == '\n').count() : 0;
    }

    /** Same samples.jsonl bytes, same image and artifact bytes, same metrics, no leftovers. */
    public static void assertSameRun(Path expected, Path actual) throws Exception {
        byte[] samples = Files.readAllBytes(expected.resolve(SamplesJsonl.FILE_NAME));
        assertArrayEquals(samples, Files.readAllBytes(actual.resolve(SamplesJsonl.FILE_NAME)),
                "samples.jsonl differs");
        List<SampleRecord> records = SamplesJsonl.read(actual.resolve(SamplesJsonl.FILE_NAME)).records();
        RunManifest manifest = RunManifest.read(expected.resolve(RunManifest.FILE_NAME));
        int expectedImages = 0;
        for (var byAction : manifest.cells().values()) {
            expectedImages += byAction.size() * 2 * 2;
        }
        assertEquals(expectedImages, records.size());
        for (SampleRecord r : records) {
            Path image = actual.resolve(r.file());
            assertEquals(r.sha256(), SampleRecord.sha256Of(image), r.file());
            assertArrayEquals(Files.readAllBytes(expected.resolve(r.file())), Files.readAllBytes(image), r.file());
        }
        List<String> files = TinyWorld.files(expected).stream().filter(LocalExecutorTest::compared).toList();
        assertEquals(files, TinyWorld.files(actual).stream().filter(LocalExecutorTest::compared).toList());
        for (String f : files) {
            if (f.endsWith(".png") || f.endsWith(".safetensors") || f.endsWith("metrics.csv")
                    || f.endsWith("samples.jsonl")) {
                assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
            }
        }
        RunManifest other = RunManifest.read(actual.resolve(RunManifest.FILE_NAME));
        assertEquals(manifest.methods(), other.methods());
        assertEquals(manifest.seeds(), other.seeds());
        assertEquals(manifest.cells(), other.cells());
        manifest.cells().values().forEach(m -> m.values().forEach(s -> assertEquals(CellState.Status.DONE, s)));
        assertFalse(TinyWorld.files(actual).stream().anyMatch(f -> f.endsWith(".tmp")
                || f.endsWith(TrainingContext.CHECKPOINT_FILE)), "leftovers: " + TinyWorld.files(actual));
    }

    /** Everything but the files that hold times or paths (logs, run.json, spec.json) and Slurm's own folder. */
    private static boolean compared(String f) {
        return !f.endsWith("train.log") && !f.endsWith("state.json") && !f.equals(RunManifest.FILE_NAME)
                && !f.equals(RunDirectory.SPEC_FILE) && !f.startsWith("slurm/");
    }

    static Process startCli(Path log, String... args) throws Exception {
        JavaCommand java = JavaCommand.current(TinyWorld.classpath(), 1);
        List<String> cmd = new ArrayList<>();
        cmd.add(java.java().toString());
        cmd.addAll(java.jvmArgs());
        cmd.add("-cp");
        cmd.add(java.classpath());
        cmd.add("org.actionbench.runner.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(java.environment());
        return pb.start();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Process p, Path log, Check check) throws Exception {
        long end = System.nanoTime() + 120_000_000_000L;
        while (!check.ok()) {
            if (!p.isAlive()) {
                fail("the run ended before the moment to kill it (exit " + p.exitValue() + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > end) {
                fail("the run did not get there in 120 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(5);
        }
    }

    static long metricsRows(Path csv) throws Exception {
        if (!Files.exists(csv)) {
            return 0;
        }
        return Files.readString(csv).chars().filter(c -> c == '\n').count() - 1;
    }

    /** Keyed by the path itself, so cells of one run can be merged. */
    private static Map<String, FileTime> modificationTimes(Path dir) throws Exception {
        Map<String, FileTime> out = new HashMap<>();
        for (String f : TinyWorld.files(dir)) {
            out.put(dir.resolve(f).toString(), Files.getLastModifiedTime(dir.resolve(f)));
        }
        return out;
    }
}

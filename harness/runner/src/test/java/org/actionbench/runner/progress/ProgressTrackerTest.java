package org.actionbench.runner.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.actionbench.data.run.CellState;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTrackerTest {
    private long nanos;

    private void at(double seconds) {
        nanos = (long) (seconds * 1e9);
    }

    @Test
    void ratesAndEtasFollowTheMeasuredTimes(@TempDir Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        RunPlan plan = Planner.plan(RunSpecReader.read(world.spec(dir.resolve("s.yaml"), dir.resolve("run"), """
                methods:
                  - {method: textual-inversion, name: ti-a, settings: {steps: 10}}
                  - {method: textual-inversion, name: ti-b, settings: {steps: 10}}
                actions: [bow]
                subjects: [panda]
                imagesPerPair: 2
                """)), MethodCatalog.installed(), Planner.Output.NEW);
        ProgressTracker t = new ProgressTracker(() -> nanos);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress terminal = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                1000, t, () -> nanos);
        PlannedCell first = plan.cells().get(0);
        terminal.runStarted(plan, plan.cells(), 0);
        at(0);
        terminal.cellStarted(first);
        // Step 1 at 1 s (its time includes loading, so it is not measured), then a step every 0.5 s.
        for (int step = 1; step <= 5; step++) {
            at(1 + 0.5 * (step - 1));
            terminal.trainingStep(first, step, 10, Map.of("loss", 1.0));
        }
        ProgressTracker.Progress p = t.snapshot();
        assertEquals("train", p.phase());
        assertEquals(2.0, p.ratePerSecond(), 1e-9);
        assertEquals(5 * 0.5, p.etaSeconds(), 1e-9);
        assertEquals(-1, p.runEtaSeconds(), "no image timed yet");

        for (int step = 6; step <= 10; step++) {
            at(1 + 0.5 * (step - 1));
            terminal.trainingStep(first, step, 10, Map.of("loss", 1.0));
        }
        at(6.5);
        terminal.imagesWritten(first, 2, 2, 2);
        terminal.cellFinished(first, CellState.pending(Instant.EPOCH).done(Instant.EPOCH));
        p = t.snapshot();
        assertEquals(2.0, p.ratePerSecond(), 1e-9, "2 images in 1 s");
        assertEquals(1, p.cellsDone());
        assertEquals(2, p.imagesDone());
        // Left: the second cell's 10 steps at 0.5 s and 2 images at 0.5 s.
        assertEquals(10 * 0.5 + 2 * 0.5, p.runEtaSeconds(), 1e-9);
        assertEquals("[1/2] ti-a/bow done 2/2 2.00 images/s ETA 0s | run 1/2 cells, 2/4 images, ETA 6s",
                TerminalProgress.line(p));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[1/2] ti-a/bow train 10/10 2.00 steps/s ETA 0s | run 0/2 cells, 0/4 images, ETA ?"),
                printed);
        assertTrue(printed.contains("[1/2] ti-a/bow: done | run: 1/2 cells, 2/4 images"), printed);
    }

    @Test
    void workBeforeTrainingIsShownUntilTrainingCounts(@TempDir Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        RunPlan plan = Planner.plan(RunSpecReader.read(world.spec(dir.resolve("s.yaml"), dir.resolve("run"), """
                methods:
                  - {method: adi, settings: {steps: 10}}
                actions: [bow]
                subjects: [panda]
                imagesPerPair: 2
                """)), MethodCatalog.installed(), Planner.Output.NEW);
        PlannedCell cell = plan.cells().get(0);
        ProgressTracker t = new ProgressTracker(() -> nanos);
        t.runStarted(plan, plan.cells(), 0);
        t.cellStarted(cell);
        assertEquals("[1/1] adi/bow start | run 0/1 cells, 0/2 images, ETA ?", TerminalProgress.line(t.snapshot()));
        t.preparing(cell, "one-shot DreamBooth 3/10: step 200/500");
        assertEquals("[1/1] adi/bow one-shot DreamBooth 3/10: step 200/500 | run 0/1 cells, 0/2 images, ETA ?",
                TerminalProgress.line(t.snapshot()));
        t.trainingStep(cell, 1, 10, Map.of());
        assertEquals("[1/1] adi/bow train 1/10 - steps/s ETA ? | run 0/1 cells, 0/2 images, ETA ?",
                TerminalProgress.line(t.snapshot()));

        ParallelProgress parallel = new ParallelProgress(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), false, 1000, () -> nanos);
        parallel.runStarted(plan, plan.cells(), 0);
        parallel.cellStarted(cell);
        parallel.preparing(cell, "one-shot DreamBooth 3/10: step 200/500");
        assertEquals("adi/bow one-shot DreamBooth 3/10: step 200/500 | run 0/1 cells, 0/2 images", parallel.line());
        parallel.trainingStep(cell, 1, 10, Map.of());
        assertEquals("adi/bow train 1/10 - steps/s ETA ? | run 0/1 cells, 0/2 images", parallel.line());
    }

    @Test
    void durationsReadAsHoursMinutesSeconds() {
        assertEquals("1h02m", TerminalProgress.duration(3725));
        assertEquals("11m42s", TerminalProgress.duration(702));
        assertEquals("7s", TerminalProgress.duration(7.4));
        assertEquals("?", TerminalProgress.duration(-1));
        assertEquals("?", TerminalProgress.duration(Double.NaN));
    }
}

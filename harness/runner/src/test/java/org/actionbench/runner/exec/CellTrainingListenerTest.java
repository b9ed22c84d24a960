package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.actionbench.data.run.CellState;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.progress.ProgressSink;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellTrainingListenerTest {

    @Test
    void workBeforeTrainingIsState_jsonsMessageUntilTheFirstStep(@TempDir Path dir) throws Exception {
        PlannedCell cell = Planner.plan(RunSpecReader.read(TinyWorld.shared().spec(dir.resolve("s.yaml"),
                dir.resolve("run"), """
                        methods:
                          - {method: adi, settings: {steps: 3}}
                        actions: [bow]
                        subjects: [panda]
                        imagesPerPair: 1
                        """)), MethodCatalog.installed(), Planner.Output.NEW).cells().get(0);
        Path stateFile = dir.resolve("state.json");
        List<String> shown = new ArrayList<>();
        ProgressSink sink = new ProgressSink() {
            @Override
            public void preparing(PlannedCell c, String note) {
                shown.add(note);
            }
        };
        // A clock that stands still: state.json is written only at a phase's last step then, not every 2 s.
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC);
        CellState start = CellState.pending(clock.instant()).running(0, 0, clock.instant());
        CellTrainingListener listener = new CellTrainingListener(cell, stateFile, start,
                MetricsCsv.open(dir.resolve("metrics.csv")), new TrainLog(dir.resolve("train.log"), clock), sink,
                clock);
        start.write(stateFile);

        listener.preparing("one-shot DreamBooth 1/2", 1, 2);
        assertNull(CellState.read(stateFile).message(), "between writes state.json is left alone");
        listener.preparing("one-shot DreamBooth 1/2", 2, 2);
        CellState written = CellState.read(stateFile);
        assertEquals(CellState.Status.RUNNING, written.status());
        assertEquals("one-shot DreamBooth 1/2: step 2/2", written.message());
        assertEquals(List.of("one-shot DreamBooth 1/2: step 1/2", "one-shot DreamBooth 1/2: step 2/2"), shown,
                "every step reaches the display");

        listener.step(3, 3, Map.of("loss", 0.5));
        written = CellState.read(stateFile);
        assertNull(written.message(), "training's steps replace the note");
        assertEquals(3, written.step());
        assertEquals(3, written.steps());
    }
}

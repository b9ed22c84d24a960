package org.actionbench.runner.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.actionbench.data.run.CellState;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.PlannedImage;
import org.actionbench.runner.plan.RunPlan;

/**
 * Where one cell of a run stands, as {@code actionbench status} prints it: its state, training step and the
 * images recorded. {@code interrupted} marks a cell whose state says running while no process holds its
 * lock (the run was killed; a resume continues it).
 */
public record CellStatus(PlannedCell cell, CellState state, boolean interrupted, int images) {

    /** "running", "interrupted", "done"...: the state with interruptions told apart from live runs. */
    public String status() {
        return interrupted ? "interrupted" : state.status().toString();
    }

    /** Every planned cell of {@code plan} in {@code layout}, in plan order. */
    public static List<CellStatus> of(RunPlan plan, RunLayout layout) throws IOException {
        List<CellStatus> out = new ArrayList<>();
        for (PlannedCell c : plan.cells()) {
            CellState state = CellState.readOrPending(layout.cellState(c.cell()), Instant.now());
            boolean interrupted = false;
            Path dir = layout.cell(c.cell());
            if (state.status() == CellState.Status.RUNNING && Files.isDirectory(dir)) {
                try (CellLock free = CellLock.tryAcquire(dir)) {
                    interrupted = free != null;
                }
            }
            out.add(new CellStatus(c, state, interrupted, recordedImages(c, layout)));
        }
        return out;
    }

    /** The planned images of {@code c} its own samples.jsonl records. */
    static int recordedImages(PlannedCell c, RunLayout layout) throws IOException {
        Set<String> planned = new HashSet<>();
        c.images().stream().map(PlannedImage::file).forEach(planned::add);
        int images = 0;
        for (SampleRecord r : SamplesJsonl.read(CellRunner.cellSamples(layout, c.cell())).records()) {
            if (planned.contains(r.file())) {
                images++;
            }
        }
        return images;
    }
}

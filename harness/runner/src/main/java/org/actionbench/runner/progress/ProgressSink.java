package org.actionbench.runner.progress;

import java.util.Map;
import org.actionbench.data.run.CellState;
import java.util.List;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.RunPlan;

/**
 * What an executor reports while it runs: the terminal's progress line ({@link TerminalProgress}), the demo's
 * UI, a test. Calls come from the executing thread, in order; a sink must be quick (it runs between steps).
 */
public interface ProgressSink {

    /**
     * A run or a resume begins; {@code pending} are the cells it will run (the others are done) and
     * {@code imagesDone} the images earlier attempts recorded, so ETAs count only what is left.
     */
    default void runStarted(RunPlan plan, List<PlannedCell> pending, int imagesDone) {
    }

    default void cellStarted(PlannedCell cell) {
    }

    /** A training step finished: {@code step} of {@code total} steps done. */
    default void trainingStep(PlannedCell cell, long step, long total, Map<String, Double> metrics) {
    }

    /**
     * The cell is busy with work before its training that {@code note} describes, e.g. "one-shot DreamBooth
     * 3/10: step 200/500" ({@code TrainingListener.preparing}).
     */
    default void preparing(PlannedCell cell, String note) {
    }

    /**
     * {@code count} images (one sampling batch) were written and recorded; the cell now has {@code done} of
     * its {@code total}.
     */
    default void imagesWritten(PlannedCell cell, int count, int done, int total) {
    }

    default void cellFinished(PlannedCell cell, CellState state) {
    }

    /** A line worth showing (a resumed cell, a skipped one). */
    default void message(String line) {
    }

    ProgressSink NONE = new ProgressSink() {
    };
}

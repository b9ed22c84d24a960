package org.actionbench.engine.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * Progress of a {@link TrainingLoop}: the runner turns a method's into train.log, metrics.csv, the terminal's
 * progress line (steps, rate, ETA) and the UI's; the mini-model commands print the judge's and each
 * pretraining stage's. Metrics are per step, e.g. {@code loss}, and ADI's share of channels kept by both masks.
 */
public interface TrainingListener {

    /** Step {@code step} (1-based: steps done) of {@code totalSteps} finished, its checkpoint (if due) written. */
    void step(long step, long totalSteps, Map<String, Double> metrics);

    default void log(String line) {
    }

    /**
     * Step {@code step} of {@code totalSteps} of work a method does before its own training, which {@code what}
     * names (ADI's one-shot DreamBooths that generate its action-different images: half an hour per cell on the
     * mini model), so a progress display does not sit at "started" through it. Not the cell's steps: those are
     * {@link #step}'s.
     */
    default void preparing(String what, long step, long totalSteps) {
    }

    /** The loop continued from {@code checkpoint}, which was at {@code step}. */
    default void resumed(long step, long totalSteps, Path checkpoint) {
        log("resumed from " + checkpoint.getFileName() + " at step " + step);
    }

    TrainingListener NONE = (step, total, metrics) -> {
    };
}

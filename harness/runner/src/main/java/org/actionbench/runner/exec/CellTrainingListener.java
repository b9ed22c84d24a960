package org.actionbench.runner.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.actionbench.data.run.CellState;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.progress.ProgressSink;

/**
 * A cell's training progress, fanned out: every step to metrics.csv and the progress sink; about a hundred
 * lines per training (and every method log line) to train.log; the step (or the work before training, as
 * state.json's message) to state.json every few seconds, so {@code actionbench status} and the parent of a
 * {@code --parallel} run show where a running cell is without costing a disk sync per step.
 */
final class CellTrainingListener implements TrainingListener {
    /** How often state.json follows the steps (the checkpoint, not state.json, is what resumes). */
    private static final long STATE_INTERVAL_MILLIS = 2_000;

    private final PlannedCell cell;
    private final Path stateFile;
    private final MetricsCsv metrics;
    private final TrainLog log;
    private final ProgressSink sink;
    private final Clock clock;
    private CellState state;
    private long lastStateWrite;
    private long lastLogged = Long.MIN_VALUE;

    CellTrainingListener(PlannedCell cell, Path stateFile, CellState state, MetricsCsv metrics, TrainLog log,
            ProgressSink sink, Clock clock) {
        this.cell = cell;
        this.stateFile = stateFile;
        this.state = state;
        this.metrics = metrics;
        this.log = log;
        this.sink = sink;
        this.clock = clock;
        this.lastStateWrite = clock.millis();
    }

    @Override
    public void step(long step, long totalSteps, Map<String, Double> values) {
        try {
            metrics.record(step, values);
            long every = Math.max(1, totalSteps / 100);
            if (lastLogged == Long.MIN_VALUE || step == totalSteps || step % every == 0 || step < lastLogged) {
                log.line(stepLine(step, totalSteps, values));
                lastLogged = step;
            }
            state = state.running(Math.toIntExact(step), Math.toIntExact(totalSteps), clock.instant());
            long now = clock.millis();
            if (now - lastStateWrite >= STATE_INTERVAL_MILLIS || step == totalSteps) {
                state.write(stateFile);
                lastStateWrite = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record training progress of cell " + cell.label(), e);
        }
        sink.trainingStep(cell, step, totalSteps, values);
    }

    @Override
    public void preparing(String what, long step, long totalSteps) {
        String note = what + ": step " + step + "/" + totalSteps;
        state = state.preparing(note, clock.instant());
        long now = clock.millis();
        if (now - lastStateWrite >= STATE_INTERVAL_MILLIS || step == totalSteps) {
            try {
                state.write(stateFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the progress of cell " + cell.label(), e);
            }
            lastStateWrite = now;
        }
        sink.preparing(cell, note);
    }

    @Override
    public void log(String line) {
        try {
            log.line(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + cell.label() + "/train.log", e);
        }
    }

    CellState state() {
        return state;
    }

    private static String stepLine(long step, long total, Map<String, Double> values) {
        StringBuilder s = new StringBuilder("step ").append(step).append('/').append(total);
        for (Map.Entry<String, Double> e : new TreeMap<>(values).entrySet()) {
            s.append(' ').append(e.getKey()).append('=')
                    .append(String.format(Locale.ROOT, "%.6g", e.getValue()));
        }
        return s.toString();
    }
}

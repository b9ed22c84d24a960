package org.actionbench.baselines;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.train.TrainingListener;

/** A listener that keeps every step's metrics and the progress before training, and can fail at a given step to simulate a crash. */
public final class Recording implements TrainingListener {
    public final List<Map<String, Double>> steps = new ArrayList<>();
    /** Every log line. */
    public final List<String> lines = new ArrayList<>();
    /** The work before training, "what: step/total", with " after training began" if a step came first. */
    public final List<String> preparing = new ArrayList<>();
    private final long failAt;

    public Recording() {
        this(-1);
    }

    public Recording(long failAt) {
        this.failAt = failAt;
    }

    @Override
    public void step(long step, long totalSteps, Map<String, Double> metrics) {
        steps.add(Map.copyOf(metrics));
        if (step == failAt) {
            throw new Crash(step);
        }
    }

    @Override
    public void log(String line) {
        lines.add(line);
    }

    @Override
    public void preparing(String what, long step, long totalSteps) {
        preparing.add(what + ": " + step + "/" + totalSteps + (steps.isEmpty() ? "" : " after training began"));
    }

    /** The simulated crash. */
    public static final class Crash extends RuntimeException {
        Crash(long step) {
            super("simulated crash after step " + step);
        }
    }
}

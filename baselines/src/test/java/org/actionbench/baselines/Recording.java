package org.actionbench.baselines;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.train.TrainingListener;

/** A listener that keeps every step's metrics, and can fail at a given step to simulate a crash. */
public final class Recording implements TrainingListener {
    public final List<Map<String, Double>> steps = new ArrayList<>();
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

    /** The simulated crash. */
    public static final class Crash extends RuntimeException {
        Crash(long step) {
            super("simulated crash after step " + step);
        }
    }
}

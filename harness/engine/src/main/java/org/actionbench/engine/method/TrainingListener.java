package org.actionbench.engine.method;

import java.util.Map;

/**
 * Progress of one training: the runner turns it into train.log, metrics.csv, the terminal's progress
 * line (steps, rate, ETA) and the UI's. Metrics are per step, e.g. {@code loss}, and ADI's share of
 * channels kept by both masks.
 */
public interface TrainingListener {

    void step(long step, long totalSteps, Map<String, Double> metrics);

    default void log(String line) {
    }

    TrainingListener NONE = (step, total, metrics) -> {
    };
}

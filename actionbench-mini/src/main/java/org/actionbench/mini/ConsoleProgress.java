package org.actionbench.mini;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.engine.train.TrainingLoop;

/**
 * A training's reported steps on a terminal, with the time per step since the previous report (not since the
 * start, so a resumed run's rate is its own) and an ETA.
 */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private final String label;
    private long lastStep;
    private long lastNanos = System.nanoTime();

    public ConsoleProgress(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public void step(long step, long total, Map<String, Double> metrics) {
        long now = System.nanoTime();
        double secondsPerStep = (now - lastNanos) / 1e9 / Math.max(1, step - lastStep);
        lastStep = step;
        lastNanos = now;
        long eta = Math.round((total - step) * secondsPerStep);
        out.printf(Locale.ROOT, "[%s] step %d/%d  loss %.4f  %.2f s/step  ETA %d:%02d:%02d%n", label, step, total,
                metrics.getOrDefault(TrainingLoop.LOSS, Double.NaN), secondsPerStep, eta / 3600, eta / 60 % 60,
                eta % 60);
        out.flush();
    }

    @Override
    public void resumed(long step, long totalSteps, Path checkpoint) {
        lastStep = step;
        TrainingListener.super.resumed(step, totalSteps, checkpoint);
    }

    @Override
    public void log(String line) {
        out.println("[" + label + "] " + line);
    }
}

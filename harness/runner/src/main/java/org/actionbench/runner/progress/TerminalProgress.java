package org.actionbench.runner.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.actionbench.data.run.CellState;
import java.util.List;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.RunPlan;

/**
 * The progress display of {@code actionbench run}: one line per cell and for the run (steps or images, rate,
 * ETA). On a terminal the line is redrawn in place a few times a second; in a log file (Slurm, CI) a line is
 * printed every {@code interval} so the file stays readable.
 */
public final class TerminalProgress implements ProgressSink {
    private final ConsoleLine console;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ProgressTracker tracker;
    private long lastPrint = Long.MIN_VALUE;

    public TerminalProgress(PrintStream out, boolean interactive, double intervalSeconds, ProgressTracker tracker) {
        this(out, interactive, intervalSeconds, tracker, System::nanoTime);
    }

    TerminalProgress(PrintStream out, boolean interactive, double intervalSeconds, ProgressTracker tracker,
            LongSupplier nanoTime) {
        this.console = new ConsoleLine(out, interactive);
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.nanoTime = nanoTime;
        this.tracker = tracker;
    }

    /** Redrawn every 0.25 s on a console, a line every 15 s otherwise. */
    public static TerminalProgress forConsole(PrintStream out, ProgressTracker tracker) {
        boolean console = System.console() != null;
        return new TerminalProgress(out, console, console ? 0.25 : 15, tracker);
    }

    public ProgressTracker tracker() {
        return tracker;
    }

    @Override
    public void runStarted(RunPlan plan, List<PlannedCell> pending, int imagesDone) {
        tracker.runStarted(plan, pending, imagesDone);
        int cells = plan.cells().size();
        console.println(String.format(Locale.ROOT, "run %s: %d cells (%d done), %d images (%d done)", plan.output(), cells,
                cells - pending.size(), plan.imageCount(), imagesDone));
    }

    @Override
    public void cellStarted(PlannedCell cell) {
        tracker.cellStarted(cell);
        ProgressTracker.Progress p = tracker.snapshot();
        console.println(String.format(Locale.ROOT, "[%d/%d] %s: started", p.cellNumber(), p.cells(), cell.label()));
    }

    @Override
    public void trainingStep(PlannedCell cell, long step, long total, Map<String, Double> metrics) {
        tracker.trainingStep(cell, step, total, metrics);
        maybePrint(step == total);
    }

    @Override
    public void preparing(PlannedCell cell, String note) {
        tracker.preparing(cell, note);
        maybePrint(false);
    }

    @Override
    public void imagesWritten(PlannedCell cell, int count, int done, int total) {
        tracker.imagesWritten(cell, count, done, total);
        maybePrint(done == total);
    }

    @Override
    public void cellFinished(PlannedCell cell, CellState state) {
        tracker.cellFinished(cell, state);
        ProgressTracker.Progress p = tracker.snapshot();
        console.println(String.format(Locale.ROOT, "[%d/%d] %s: %s%s | run: %d/%d cells, %d/%d images", p.cellNumber(),
                p.cells(), cell.label(), state.status(), state.message() == null ? "" : " (" + state.message() + ")",
                p.cellsDone(), p.cells(), p.imagesDone(), p.images()));
    }

    @Override
    public void message(String line) {
        console.println(line);
    }

    private void maybePrint(boolean force) {
        long now = nanoTime.getAsLong();
        if (!force && lastPrint != Long.MIN_VALUE && now - lastPrint < intervalNanos) {
            return;
        }
        lastPrint = now;
        String line = line(tracker.snapshot());
        console.status(line);
    }

    /**
     * "[2/16] adi/bows train 120/3000 4.10 steps/s ETA 11m42s | run 1/16 cells, 92/1472 images, ETA 3h12m"; before
     * training, the phase alone ("[2/16] adi/bows one-shot DreamBooth 3/10: step 200/500 | run …").
     */
    static String line(ProgressTracker.Progress p) {
        String cell = p.counting() ? String.format(Locale.ROOT, "%s %d/%d %s %s ETA %s", p.phase(), p.done(),
                p.total(), Double.isNaN(p.ratePerSecond()) ? "-" : String.format(Locale.ROOT, "%.2f",
                        p.ratePerSecond()), ("train".equals(p.phase()) ? "steps" : "images") + "/s",
                duration(p.etaSeconds())) : p.phase();
        return String.format(Locale.ROOT, "[%d/%d] %s %s | run %d/%d cells, %d/%d images, ETA %s", p.cellNumber(),
                p.cells(), p.cell(), cell, p.cellsDone(), p.cells(), p.imagesDone(), p.images(),
                duration(p.runEtaSeconds()));
    }

    /** "1h02m", "11m42s", "7s"; "?" when not known yet. */
    static String duration(double seconds) {
        if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}

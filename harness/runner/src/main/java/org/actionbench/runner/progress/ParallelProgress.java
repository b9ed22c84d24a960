package org.actionbench.runner.progress;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.actionbench.data.run.CellState;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.RunPlan;

/**
 * The progress display of {@code actionbench run --parallel N}: the events of several cells arrive interleaved,
 * so each running cell keeps its own {@link ProgressTracker} (its rate and ETA are its own measurements, as in
 * the serial display) and one line shows every running cell, then the run's cells and images done. Redrawn in
 * place on a terminal, a line every {@code interval} in a log file.
 */
public final class ParallelProgress implements ProgressSink {
    private final ConsoleLine console;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<Integer, ProgressTracker> running = new LinkedHashMap<>();
    private RunPlan plan;
    private int cells;
    private int cellsDone;
    private int images;
    private int imagesDone;
    private long lastPrint = Long.MIN_VALUE;

    public ParallelProgress(PrintStream out, boolean interactive, double intervalSeconds) {
        this(out, interactive, intervalSeconds, System::nanoTime);
    }

    ParallelProgress(PrintStream out, boolean interactive, double intervalSeconds, LongSupplier nanoTime) {
        this.console = new ConsoleLine(out, interactive);
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.nanoTime = nanoTime;
    }

    /** Redrawn every 0.25 s on a console, a line every 15 s otherwise. */
    public static ParallelProgress forConsole(PrintStream out) {
        boolean console = System.console() != null;
        return new ParallelProgress(out, console, console ? 0.25 : 15);
    }

    @Override
    public synchronized void runStarted(RunPlan plan, List<PlannedCell> pending, int imagesDone) {
        this.plan = plan;
        this.cells = plan.cells().size();
        this.cellsDone = cells - pending.size();
        this.images = plan.imageCount();
        this.imagesDone = imagesDone;
        console.println(String.format(Locale.ROOT, "run %s: %d cells (%d done), %d images (%d done)", plan.output(), cells,
                cellsDone, images, imagesDone));
    }

    @Override
    public synchronized void cellStarted(PlannedCell cell) {
        ProgressTracker t = new ProgressTracker(nanoTime);
        t.runStarted(plan, List.of(cell), 0);
        t.cellStarted(cell);
        running.put(cell.index(), t);
        console.println("[" + running.size() + " running] " + cell.label() + ": started");
    }

    @Override
    public synchronized void trainingStep(PlannedCell cell, long step, long total, Map<String, Double> metrics) {
        ProgressTracker t = running.get(cell.index());
        if (t != null) {
            t.trainingStep(cell, step, total, metrics);
            maybePrint(false);
        }
    }

    @Override
    public synchronized void preparing(PlannedCell cell, String note) {
        ProgressTracker t = running.get(cell.index());
        if (t != null) {
            t.preparing(cell, note);
            maybePrint(false);
        }
    }

    @Override
    public synchronized void imagesWritten(PlannedCell cell, int count, int done, int total) {
        ProgressTracker t = running.get(cell.index());
        if (t != null) {
            t.imagesWritten(cell, count, done, total);
        }
        imagesDone += count;
        maybePrint(false);
    }

    @Override
    public synchronized void cellFinished(PlannedCell cell, CellState state) {
        running.remove(cell.index());
        if (state.isDone()) {
            cellsDone++;
        }
        console.println(String.format(Locale.ROOT, "%s: %s%s | run: %d/%d cells, %d/%d images", cell.label(), state.status(),
                state.message() == null ? "" : " (" + state.message() + ")", cellsDone, cells, imagesDone, images));
    }

    @Override
    public synchronized void message(String line) {
        console.println(line);
    }

    /**
     * "adi/bow train 120/3000 4.10 steps/s ETA 11m42s | ti/squat sample 12/92 0.40 images/s ETA 3m20s | run 1/16
     * cells, 92/1472 images"; a cell not yet counting shows its phase alone ("adi/sit one-shot DreamBooth 3/10:
     * step 200/500").
     */
    synchronized String line() {
        String cellsPart = running.values().stream().map(t -> {
            ProgressTracker.Progress p = t.snapshot();
            if (!p.counting()) {
                return p.cell() + " " + p.phase();
            }
            String unit = "train".equals(p.phase()) ? "steps" : "images";
            return String.format(Locale.ROOT, "%s %s %d/%d %s %s/s ETA %s", p.cell(), p.phase(), p.done(), p.total(),
                    Double.isNaN(p.ratePerSecond()) ? "-" : String.format(Locale.ROOT, "%.2f", p.ratePerSecond()),
                    unit, TerminalProgress.duration(p.etaSeconds()));
        }).collect(Collectors.joining(" | "));
        return (cellsPart.isEmpty() ? "" : cellsPart + " | ") + String.format(Locale.ROOT,
                "run %d/%d cells, %d/%d images", cellsDone, cells, imagesDone, images);
    }

    private void maybePrint(boolean force) {
        long now = nanoTime.getAsLong();
        if (!force && lastPrint != Long.MIN_VALUE && now - lastPrint < intervalNanos) {
            return;
        }
        lastPrint = now;
        String line = line();
        console.status(line);
    }
}

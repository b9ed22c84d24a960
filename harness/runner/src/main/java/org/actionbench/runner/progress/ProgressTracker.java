package org.actionbench.runner.progress;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.actionbench.data.run.CellState;
import java.util.List;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.RunPlan;

/**
 * Turns executor events into figures: for the current cell its phase, done/total, rate and ETA; for the
 * whole run cells and images done and an ETA. The cell's rate and ETA use the cell's own measurements
 * (methods differ several-fold in speed); the run's ETA prices what is left with the time per training step
 * and per image measured over the whole run; cells not yet started count the training steps their
 * settings announce ({@code TrainingSettings.steps()}), corrected by the real total once training reports it.
 */
public final class ProgressTracker implements ProgressSink {
    /**
     * Where the run stands; NaN rates and negative ETAs mean "not measured yet". {@code counting}: whether
     * {@code done}/{@code total} count the cell's steps or images; otherwise {@code phase} says it all ("start",
     * or the work before training that {@link ProgressSink#preparing} described).
     */
    public record Progress(String cell, int cellNumber, int cells, String phase, boolean counting, long done,
            long total, double ratePerSecond, double etaSeconds, int cellsDone, int imagesDone, int images,
            double runEtaSeconds) {
    }

    private final LongSupplier nanoTime;
    /** Over the whole run, for the run's ETA. */
    private final Rate trainRate = new Rate();
    private final Rate imageRate = new Rate();
    /** Over the current cell only (methods differ several-fold in speed), for the cell's rate and ETA. */
    private Rate cellTrainRate = new Rate();
    private Rate cellImageRate = new Rate();
    private final Map<Integer, Long> plannedSteps = new HashMap<>();
    private int cells;
    private int cellsDone;
    private int images;
    private int imagesDone;
    private PlannedCell current;
    private int cellNumber;
    private String phase = "";
    private boolean counting;
    private long done;
    private long total;
    private long lastStep;
    private long lastEventNanos;
    private long remainingTrainSteps;

    public ProgressTracker() {
        this(System::nanoTime);
    }

    /** With a clock of nanoseconds, for tests. */
    public ProgressTracker(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void runStarted(RunPlan plan, List<PlannedCell> pending, int imagesDone) {
        this.cells = plan.cells().size();
        this.cellsDone = cells - pending.size();
        this.images = plan.imageCount();
        this.imagesDone = imagesDone;
        this.cellNumber = cellsDone;
        remainingTrainSteps = 0;
        for (PlannedCell c : pending) {
            long n = c.method().announcedSteps();
            plannedSteps.put(c.index(), n);
            remainingTrainSteps += n;
        }
    }

    @Override
    public synchronized void cellStarted(PlannedCell cell) {
        current = cell;
        cellNumber++;
        cellTrainRate = new Rate();
        cellImageRate = new Rate();
        phase = "start";
        counting = false;
        done = 0;
        total = 0;
        lastStep = -1;
        lastEventNanos = nanoTime.getAsLong();
    }

    @Override
    public synchronized void preparing(PlannedCell cell, String note) {
        phase = note;
        counting = false;
        done = 0;
        total = 0;
    }

    @Override
    public synchronized void trainingStep(PlannedCell cell, long step, long total, Map<String, Double> metrics) {
        long now = nanoTime.getAsLong();
        if (!"train".equals(phase)) {
            phase = "train";
            long announced = plannedSteps.getOrDefault(cell.index(), 0L);
            remainingTrainSteps += total - announced;
            plannedSteps.put(cell.index(), total);
            // The first step of a (resumed) training: its time includes loading, not a step's work.
            lastStep = step;
            lastEventNanos = now;
            remainingTrainSteps -= Math.max(0, step);
        } else if (step > lastStep) {
            trainRate.add((now - lastEventNanos) / 1e9, step - lastStep);
            cellTrainRate.add((now - lastEventNanos) / 1e9, step - lastStep);
            remainingTrainSteps -= step - lastStep;
            lastStep = step;
            lastEventNanos = now;
        }
        counting = true;
        this.done = step;
        this.total = total;
    }

    @Override
    public synchronized void imagesWritten(PlannedCell cell, int count, int done, int total) {
        long now = nanoTime.getAsLong();
        if (!"sample".equals(phase)) {
            // Training is over for this cell: whatever it still counted (all of it when the artifact was
            // already there) is no longer work left.
            remainingTrainSteps -= "train".equals(phase) ? Math.max(0, this.total - this.done)
                    : plannedSteps.getOrDefault(cell.index(), 0L);
            phase = "sample";
        }
        imageRate.add((now - lastEventNanos) / 1e9, count);
        cellImageRate.add((now - lastEventNanos) / 1e9, count);
        imagesDone += count;
        lastEventNanos = now;
        counting = true;
        this.done = done;
        this.total = total;
    }

    @Override
    public synchronized void cellFinished(PlannedCell cell, CellState state) {
        if (state.isDone()) {
            cellsDone++;
        }
        phase = state.status().toString();
    }

    public synchronized Progress snapshot() {
        Rate rate = "train".equals(phase) ? cellTrainRate : cellImageRate;
        double eta = rate.known() ? (total - done) * rate.secondsPerUnit() : -1;
        double runEta = -1;
        boolean trainingLeft = remainingTrainSteps > 0;
        if ((!trainingLeft || trainRate.known()) && (imagesDone >= images || imageRate.known())) {
            runEta = (trainingLeft ? remainingTrainSteps * trainRate.secondsPerUnit() : 0)
                    + (images - imagesDone) * (imageRate.known() ? imageRate.secondsPerUnit() : 0);
        }
        return new Progress(current == null ? "" : current.label(), cellNumber, cells, phase, counting, done, total,
                rate.perSecond(), eta, cellsDone, imagesDone, images, runEta);
    }
}

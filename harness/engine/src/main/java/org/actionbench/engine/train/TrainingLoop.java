package org.actionbench.engine.train;

import org.actionbench.engine.nn.StepScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The optimisation loop of the harness: every method in {@code baselines/}, the oracle judge's training and
 * the stages of the mini model's pretraining are a {@link StepFunction} run by it. It keeps AdamW over
 * the trainable tensors (one update per step, the rate from a {@link LearningRateSchedule}), optionally an
 * {@link ExponentialMovingAverage} of them, writes a {@link TrainingCheckpoint} every
 * {@code checkpointEvery} steps and after the last, and continues from the checkpoint when one is there.
 * Each step's randomness must come from (seed, purpose, step), so a run interrupted after any step and
 * resumed ends with bit-identical tensors.
 *
 * <p>The checkpoint's metadata carries the plan's fingerprint (for a method: its id and settings): a
 * checkpoint left by another training is refused rather than silently continued.
 */
public final class TrainingLoop {
    /** The metric the loop summarises as {@link Outcome#recentLoss}. */
    public static final String LOSS = "loss";
    /** Steps at the end of a run whose mean loss is its {@link Outcome#recentLoss}. */
    static final int RECENT_STEPS = 50;
    private static final String RECENT_LOSS_KEY = "recent_loss";

    private TrainingLoop() {
    }

    /** What one step contributes: the gradient per trainable tensor, optional channel masks, metrics to log. */
    public record Update(Map<String, NDArray> gradients, Map<String, NDArray> masks, Map<String, Double> metrics) {
        public Update(Map<String, NDArray> gradients, Map<String, Double> metrics) {
            this(gradients, Map.of(), metrics);
        }

        /** Gradients and their loss, the only metric. */
        public static Update ofLoss(Map<String, NDArray> gradients, double loss) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(LOSS, loss);
            return new Update(gradients, metrics);
        }
    }

    /** Computes step {@code step}'s update (0-based); arrays it returns belong to {@code stepManager}. */
    @FunctionalInterface
    public interface StepFunction {
        Update compute(long step, NDManager stepManager) throws IOException;
    }

    /**
     * How long to train and how.
     *
     * @param steps optimizer steps in all (a resumed run counts the checkpoint's)
     * @param checkpointEvery a checkpoint after every this many steps, and after the last
     * @param optimizer AdamW's settings; its learning rate is the schedule's base
     * @param schedule the learning rate per step
     * @param emaDecay 0 for none; else the decay of a moving average of the weights, which the trainable
     *     tensors hold at the end instead of the last raw weights (and which the checkpoint carries)
     * @param reportEvery the listener hears of every this many steps, and of the last
     * @param checkpoint the checkpoint file
     * @param fingerprint what identifies the training, written into the checkpoint and checked on resume
     */
    public record Plan(long steps, long checkpointEvery, AdamWConfig optimizer, LearningRateSchedule schedule,
            double emaDecay, long reportEvery, Path checkpoint, Map<String, String> fingerprint) {
        public Plan {
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(checkpoint, "checkpoint");
            fingerprint = Map.copyOf(fingerprint);
            if (steps < 0 || checkpointEvery < 1 || reportEvery < 1) {
                throw new IllegalArgumentException("steps must be non-negative, checkpointEvery and reportEvery "
                        + "positive: " + steps + ", " + checkpointEvery + ", " + reportEvery);
            }
            if (!(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1))) {
                throw new IllegalArgumentException("EMA decay must be 0 (none) or in (0, 1), got " + emaDecay);
            }
        }

        /** A constant rate, no EMA, every step reported: how every method trains. */
        public Plan(long steps, long checkpointEvery, AdamWConfig optimizer, Path checkpoint,
                Map<String, String> fingerprint) {
            this(steps, checkpointEvery, optimizer, LearningRateSchedule.constant(), 0, 1, checkpoint, fingerprint);
        }

        public Plan withSchedule(LearningRateSchedule s) {
            return new Plan(steps, checkpointEvery, optimizer, s, emaDecay, reportEvery, checkpoint, fingerprint);
        }

        public Plan withEma(double decay) {
            return new Plan(steps, checkpointEvery, optimizer, schedule, decay, reportEvery, checkpoint, fingerprint);
        }

        public Plan withReportEvery(long every) {
            return new Plan(steps, checkpointEvery, optimizer, schedule, emaDecay, every, checkpoint, fingerprint);
        }
    }

    /**
     * How a run ended: the steps this invocation ran (0 when the checkpoint was already at the end) and the
     * mean {@value #LOSS} over the last {@value #RECENT_STEPS} steps of the run that this invocation saw
     * (from the checkpoint when it ran none; NaN when unknown).
     */
    public record Outcome(long stepsRun, double recentLoss) {}

    /**
     * Trains {@code trainable} (float32, requiring gradients, updated in place) for the plan's steps,
     * starting after the checkpoint's step when there is one.
     */
    public static Outcome run(NDManager parent, Map<String, NDArray> trainable, Plan plan, TrainingListener listener,
            StepFunction function) throws IOException {
        return run(parent, trainable, null, plan, listener, function);
    }

    /**
     * As {@link #run(NDManager, Map, Plan, TrainingListener, StepFunction)}, each step's manager being a
     * {@link StepScope} with the trainable tensors and {@code frozen} attached (null: a plain sub-manager), for a
     * step function that computes its gradient directly in it ({@link Gradients#compute}), as the judge trains
     * its classifiers' own tensors and the mini pretraining its modules'.
     */
    public static Outcome run(NDManager parent, Map<String, NDArray> trainable, List<NDArray> frozen, Plan plan,
            TrainingListener listener, StepFunction function) throws IOException {
        List<NDArray> attached = frozen == null ? null : List.copyOf(trainable.values());
        try (AdamW optimizer = new AdamW(parent, trainable, plan.optimizer());
                ExponentialMovingAverage ema = plan.emaDecay() > 0
                        ? new ExponentialMovingAverage(parent, trainable, plan.emaDecay()) : null) {
            Map<String, NDArray> extra = ema == null ? Map.of() : ema.tensors();
            long start = 0;
            double recent = Double.NaN;
            Path file = plan.checkpoint();
            if (Files.exists(file)) {
                TrainingCheckpoint resumed = TrainingCheckpoint.restore(file, optimizer, extra);
                Map<String, String> fingerprint = new LinkedHashMap<>(resumed.metadata());
                String recentLoss = fingerprint.remove(RECENT_LOSS_KEY);
                if (!fingerprint.equals(plan.fingerprint())) {
                    throw new IOException("checkpoint " + file + " belongs to another training (its run: "
                            + fingerprint + "; this run: " + plan.fingerprint() + ")");
                }
                if (resumed.step() > plan.steps()) {
                    throw new IOException("checkpoint " + file + " is at step " + resumed.step() + ", past the "
                            + plan.steps() + " steps of this run");
                }
                start = resumed.step();
                recent = recentLoss == null ? Double.NaN : Double.parseDouble(recentLoss);
                listener.resumed(start, plan.steps(), file);
            }
            double base = plan.optimizer().learningRate();
            double lossSum = 0;
            int lossCount = 0;
            for (long step = start; step < plan.steps(); step++) {
                if (!plan.schedule().isConstant()) {
                    optimizer.setLearningRate(plan.schedule().at(step, plan.steps(), base));
                }
                Map<String, Double> metrics;
                try (StepScope scope = attached == null ? StepScope.open(parent) : StepScope.open(parent, attached,
                        frozen)) {
                    Update u = function.compute(step, scope.manager());
                    optimizer.step(u.gradients(), u.masks());
                    metrics = u.metrics();
                }
                long done = step + 1;
                if (ema != null) {
                    ema.update(done);
                }
                Double loss = metrics.get(LOSS);
                if (loss != null && step >= plan.steps() - RECENT_STEPS) {
                    lossSum += loss;
                    lossCount++;
                    recent = lossSum / lossCount;
                }
                if (done % plan.checkpointEvery() == 0 || done == plan.steps()) {
                    Map<String, String> meta = new LinkedHashMap<>(plan.fingerprint());
                    if (!Double.isNaN(recent)) {
                        meta.put(RECENT_LOSS_KEY, Double.toString(recent));
                    }
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    new TrainingCheckpoint(done, meta).save(file, optimizer, extra);
                }
                if (done % plan.reportEvery() == 0 || done == plan.steps()) {
                    listener.step(done, plan.steps(), metrics);
                }
            }
            if (ema != null) {
                ema.copyToParameters();
            }
            return new Outcome(plan.steps() - start, recent);
        }
    }

    /** One loss for one micro-batch, built in {@code manager} (a step scope's). */
    @FunctionalInterface
    public interface MicroBatchLoss {
        NDArray loss(int microBatch, NDManager manager);
    }

    /** The mean gradient over micro-batches and the mean loss. */
    public record MeanGradients(Map<String, NDArray> gradients, double loss) {}

    /**
     * Gradient accumulation over {@code microBatches} forward/backward passes, each in its own step scope
     * (its activations freed before the next), the mean returned in {@code stepManager}: the effect of the
     * diffusers scripts' {@code gradient_accumulation_steps}. With one micro-batch, the gradient of one loss.
     *
     * @param frozen arrays the losses read (the model's weights), attached to each micro-batch's scope; when any is
     *     float16 the losses are scaled ({@link Gradients#lossScaleFor})
     */
    public static MeanGradients meanGradients(NDManager stepManager, List<NDArray> frozen,
            Map<String, NDArray> trainable, int microBatches, MicroBatchLoss loss) {
        double lossSum = 0;
        try (GradientAccumulator accumulator = new GradientAccumulator(stepManager)) {
            for (int k = 0; k < microBatches; k++) {
                final int micro = k;
                try (StepScope scope = StepScope.open(stepManager, frozen, List.copyOf(trainable.values()))) {
                    Gradients g = Gradients.compute(trainable, scope.manager(), () -> loss.loss(micro, scope.manager()),
                            Gradients.lossScaleFor(frozen));
                    accumulator.add(g.byName());
                    lossSum += g.loss();
                }
            }
            return new MeanGradients(accumulator.mean(stepManager), lossSum / microBatches);
        }
    }
}

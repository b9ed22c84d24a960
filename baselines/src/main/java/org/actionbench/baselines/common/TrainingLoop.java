package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.method.TrainingListener;
import org.actionbench.engine.train.AdamW;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.train.GradientAccumulator;
import org.actionbench.engine.train.Gradients;
import org.actionbench.engine.train.StepScope;
import org.actionbench.engine.train.TrainingCheckpoint;

/**
 * The optimisation loop every trained method runs: AdamW over its trainable tensors, one update per step,
 * a checkpoint every {@code checkpointEvery} steps and after the last, resuming from the checkpoint when
 * one is there. Each step's randomness must come from (seed, purpose, step), so a run interrupted after any
 * step and resumed ends with bit-identical tensors.
 *
 * <p>The checkpoint's metadata carries a fingerprint of the run (method and settings): a checkpoint left by
 * a run with other settings is refused rather than silently continued.
 */
public final class TrainingLoop {
    private TrainingLoop() {
    }

    /** What one step contributes: the gradient per trainable tensor, optional channel masks, metrics to log. */
    public record Update(Map<String, NDArray> gradients, Map<String, NDArray> masks, Map<String, Double> metrics) {
        public Update(Map<String, NDArray> gradients, Map<String, Double> metrics) {
            this(gradients, Map.of(), metrics);
        }
    }

    /** Computes step {@code step}'s update; arrays it returns belong to {@code stepManager}. */
    @FunctionalInterface
    public interface StepFunction {
        Update compute(long step, NDManager stepManager) throws IOException;
    }

    /** How long to train, with what optimiser, and where the checkpoint goes. */
    public record Plan(long steps, long checkpointEvery, AdamWConfig optimizer, Path checkpoint,
            Map<String, String> fingerprint) {
        public Plan {
            fingerprint = Map.copyOf(fingerprint);
        }
    }

    /**
     * Trains {@code trainable} (float32, requiring gradients, updated in place) for the plan's steps,
     * starting after the checkpoint's step when there is one.
     */
    public static void run(NDManager parent, Map<String, NDArray> trainable, Plan plan, TrainingListener listener,
            StepFunction function) throws IOException {
        try (AdamW optimizer = new AdamW(parent, trainable, plan.optimizer())) {
            long start = 0;
            Path file = plan.checkpoint();
            if (Files.exists(file)) {
                TrainingCheckpoint resumed = TrainingCheckpoint.restore(file, optimizer);
                if (!resumed.metadata().equals(plan.fingerprint())) {
                    throw new IOException("checkpoint " + file + " belongs to another training (its run: "
                            + resumed.metadata() + "; this run: " + plan.fingerprint() + ")");
                }
                if (resumed.step() > plan.steps()) {
                    throw new IOException("checkpoint " + file + " is at step " + resumed.step() + ", past the "
                            + plan.steps() + " steps of this run");
                }
                start = resumed.step();
                listener.log("resumed from " + file.getFileName() + " at step " + start);
            }
            for (long step = start; step < plan.steps(); step++) {
                Map<String, Double> metrics;
                try (NDManager stepManager = parent.newSubManager()) {
                    Update u = function.compute(step, stepManager);
                    optimizer.step(u.gradients(), u.masks());
                    metrics = u.metrics();
                }
                long done = step + 1;
                if (done % plan.checkpointEvery() == 0 || done == plan.steps()) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    new TrainingCheckpoint(done, plan.fingerprint()).save(file, optimizer);
                }
                listener.step(done, plan.steps(), metrics);
            }
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
     * diffusers scripts' {@code gradient_accumulation_steps}.
     *
     * @param frozen arrays the losses read (the model's weights), attached to each micro-batch's scope
     */
    public static MeanGradients meanGradients(NDManager stepManager, List<NDArray> frozen,
            Map<String, NDArray> trainable, int microBatches, MicroBatchLoss loss) {
        double lossSum = 0;
        try (GradientAccumulator accumulator = new GradientAccumulator(stepManager)) {
            for (int k = 0; k < microBatches; k++) {
                final int micro = k;
                try (StepScope scope = StepScope.open(stepManager, frozen, List.copyOf(trainable.values()))) {
                    Gradients g = Gradients.compute(trainable, scope.manager(), () -> loss.loss(micro, scope.manager()));
                    accumulator.add(g.byName());
                    lossSum += g.loss();
                }
            }
            return new MeanGradients(accumulator.mean(stepManager), lossSum / microBatches);
        }
    }
}

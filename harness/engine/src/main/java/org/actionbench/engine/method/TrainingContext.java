package org.actionbench.engine.method;

import java.nio.file.Path;
import java.util.Objects;
import org.actionbench.engine.train.TrainingListener;

/**
 * Where one training runs: {@code workDir} is the cell's own directory, which survives a crash, so a
 * method keeps there what it must not compute twice (ADI's action-different images) and its
 * checkpoints ({@link #CHECKPOINT_FILE}); a {@code train} call that finds a checkpoint continues from it
 * and, because each step's randomness is drawn from (seed, step), ends with the same artifact as an
 * uninterrupted training. {@code listener} receives progress. {@code sharedDir} is shared by the cells of one
 * run, for files that depend only on the frozen model and inputs other methods have too (prior preservation's
 * class images, the same for DreamBooth and Custom Diffusion): a method names them so that equal inputs give
 * the same path, and another cell finds them made.
 */
public record TrainingContext(Path workDir, Path sharedDir, TrainingListener listener) {
    /** The checkpoint a method writes in {@code workDir} every {@code checkpointEvery} steps. */
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";

    public TrainingContext {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(sharedDir, "sharedDir");
        Objects.requireNonNull(listener, "listener");
    }

    /** A training alone: nothing shared with other cells (the shared files are kept in {@code workDir}). */
    public TrainingContext(Path workDir, TrainingListener listener) {
        this(workDir, workDir, listener);
    }

    public Path checkpointFile() {
        return workDir.resolve(CHECKPOINT_FILE);
    }
}

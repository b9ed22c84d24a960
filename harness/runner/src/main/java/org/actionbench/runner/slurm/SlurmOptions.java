package org.actionbench.runner.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * The resources each task asks Slurm for ({@code #SBATCH} lines of both scripts); null leaves a value to the
 * cluster's defaults. {@code gpusPerTask} and {@code gres} ask for GPUs the two ways clusters accept
 * ({@code --gpus-per-task=1}, {@code --gres=gpu:a100:1}); they go on the cell tasks only, as the combine job
 * computes nothing. {@code extraArgs} are passed through verbatim (e.g. {@code --account=x}).
 */
public record SlurmOptions(String partition, String time, String memory, int cpusPerTask, Integer gpusPerTask,
        String gres, List<String> extraArgs) {
    public static final SlurmOptions DEFAULT = new SlurmOptions(null, null, null, 1, null, null, List.of());

    public SlurmOptions {
        extraArgs = List.copyOf(extraArgs);
        if (cpusPerTask < 1) {
            throw new IllegalArgumentException("cpus per task must be at least 1, got " + cpusPerTask);
        }
        if (gpusPerTask != null && gpusPerTask < 1) {
            throw new IllegalArgumentException("gpus per task must be at least 1, got " + gpusPerTask);
        }
    }

    /** Whether the cell tasks ask for a GPU (through these options or a verbatim sbatch argument). */
    public boolean asksForGpus() {
        return gpusPerTask != null || gres != null
                || extraArgs.stream().anyMatch(a -> a.startsWith("--gres") || a.startsWith("--gpus")
                        || a.startsWith("-G"));
    }

    /** The {@code #SBATCH} option lines of the cell tasks: {@link #sbatchOptions()} and the GPU request. */
    List<String> cellSbatchOptions() {
        List<String> o = sbatchOptions();
        if (gpusPerTask != null) {
            o.add("--gpus-per-task=" + gpusPerTask);
        }
        if (gres != null) {
            o.add("--gres=" + gres);
        }
        return o;
    }

    /** The {@code #SBATCH} option lines (without the prefix). */
    List<String> sbatchOptions() {
        List<String> o = new ArrayList<>();
        if (partition != null) {
            o.add("--partition=" + partition);
        }
        if (time != null) {
            o.add("--time=" + time);
        }
        if (memory != null) {
            o.add("--mem=" + memory);
        }
        o.add("--cpus-per-task=" + cpusPerTask);
        o.addAll(extraArgs);
        return o;
    }
}

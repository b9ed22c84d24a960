package org.actionbench.runner.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * The resources each task asks Slurm for ({@code #SBATCH} lines of both scripts); null leaves a value to the
 * cluster's defaults. {@code extraArgs} are passed through verbatim (e.g. {@code --gres=gpu:1},
 * {@code --account=x}).
 */
public record SlurmOptions(String partition, String time, String memory, int cpusPerTask, List<String> extraArgs) {
    public static final SlurmOptions DEFAULT = new SlurmOptions(null, null, null, 1, List.of());

    public SlurmOptions {
        extraArgs = List.copyOf(extraArgs);
        if (cpusPerTask < 1) {
            throw new IllegalArgumentException("cpus per task must be at least 1, got " + cpusPerTask);
        }
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

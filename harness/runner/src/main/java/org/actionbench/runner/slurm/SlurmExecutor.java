package org.actionbench.runner.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.runner.exec.CellStatus;
import org.actionbench.runner.exec.RunDirectory;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.RunPlan;

/**
 * The grid as a Slurm job array (ARCHITECTURE.md §6, {@code actionbench slurm}): one array task per cell that is
 * not done, each running this runner's {@code cell} command on its cell against the shared run directory,
 * and a job depending on the whole array ({@code afterok}) that runs {@code combine}, which writes the run's
 * samples.jsonl. A task resumes its cell exactly as a local resume would (the same CellRunner), so a failed
 * or killed array is finished by submitting the run again, or by {@code actionbench resume} on any machine
 * that sees the directory.
 *
 * <p>Everything Slurm needs is in {@code <run>/slurm/}: the two scripts, the task logs and jobs.txt (one line
 * per submission).
 */
public final class SlurmExecutor {
    public static final String DIR = "slurm";
    static final String CELLS_SCRIPT = "cells.sbatch";
    static final String COMBINE_SCRIPT = "combine.sbatch";
    static final String MAIN = "org.actionbench.runner.cli.Main";

    private final SlurmOptions options;
    private final JavaCommand java;

    public SlurmExecutor(SlurmOptions options, JavaCommand java) {
        this.options = options;
        this.java = java;
    }

    /** The jobs of one submission: the array (null when every cell was already done) and the combine job. */
    public record Submission(String arrayJob, List<Integer> cells, String combineJob) {
        public Submission {
            cells = List.copyOf(cells);
        }
    }

    /** Writes the scripts and submits the cells of {@code plan} that are not done, then the combine job. */
    public Submission submit(RunPlan plan, RunDirectory dir) throws IOException {
        Path slurm = dir.root().resolve(DIR);
        Files.createDirectories(slurm.resolve("logs"));
        Path cellsScript = slurm.resolve(CELLS_SCRIPT);
        Path combineScript = slurm.resolve(COMBINE_SCRIPT);
        AtomicFiles.writeString(cellsScript, cellScript(dir.root()));
        AtomicFiles.writeString(combineScript, script(dir.root(), "actionbench-combine",
                slurm.resolve("logs").resolve("combine-%j.out"), options.sbatchOptions(), "combine", ""));
        List<Integer> pending = new ArrayList<>();
        for (CellStatus s : CellStatus.of(plan, dir.layout())) {
            if (!s.state().isDone()) {
                pending.add(s.cell().index());
            }
        }
        String array = null;
        List<String> combineArgs = new ArrayList<>();
        if (!pending.isEmpty()) {
            String indices = pending.stream().map(String::valueOf).collect(Collectors.joining(","));
            array = Sbatch.submit(cellsScript, List.of("--array=" + indices));
            combineArgs.add("--dependency=afterok:" + array);
        }
        String combine = Sbatch.submit(combineScript, combineArgs);
        Files.writeString(slurm.resolve("jobs.txt"), Instant.now() + " cells " + (array == null ? "-" : array) + " ["
                + pending.stream().map(i -> label(plan, i)).collect(Collectors.joining(" ")) + "] combine " + combine
                + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new Submission(array, pending, combine);
    }

    private static String label(RunPlan plan, int index) {
        PlannedCell c = plan.cells().get(index);
        return index + "=" + c.label();
    }

    /** The array task's script: one cell, with the GPU request when there is one. */
    String cellScript(Path run) {
        return script(run, "actionbench-cells", run.resolve(DIR).resolve("logs").resolve("cell-%A_%a.out"),
                options.cellSbatchOptions(), "cell", "--index \"$SLURM_ARRAY_TASK_ID\"");
    }

    /** A batch script running {@code Main <command> RUN <args>} with this JVM's settings. */
    String script(Path run, String jobName, Path log, List<String> sbatchOptions, String command, String args) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("#SBATCH --job-name=").append(jobName).append('\n');
        s.append("#SBATCH --output=").append(log).append('\n');
        s.append("#SBATCH --chdir=").append(run).append('\n');
        for (String o : sbatchOptions) {
            s.append("#SBATCH ").append(o).append('\n');
        }
        s.append("# Written by actionbench slurm: runs the runner on this run directory; resubmit with\n");
        s.append("# `actionbench slurm ").append(run).append("`, which submits only the cells not done.\n");
        s.append("set -euo pipefail\n");
        for (Map.Entry<String, String> e : java.environment().entrySet()) {
            s.append("export ").append(e.getKey()).append('=').append(quote(e.getValue())).append('\n');
        }
        s.append("exec ").append(quote(java.java().toString()));
        for (String a : java.jvmArgs()) {
            s.append(' ').append(quote(a));
        }
        s.append(" -cp ").append(quote(java.classpath())).append(' ').append(MAIN).append(' ').append(command)
                .append(' ').append(quote(run.toString()));
        if (!args.isEmpty()) {
            s.append(' ').append(args);
        }
        return s.append('\n').toString();
    }

    /** A POSIX shell single-quoted word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

package org.actionbench.runner.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.runner.exec.LocalExecutor;
import org.actionbench.runner.exec.ParallelExecutor;
import org.actionbench.runner.exec.RunDirectory;
import org.actionbench.runner.exec.RunExecutor;
import org.actionbench.runner.exec.SlotDevices;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.progress.ParallelProgress;
import org.actionbench.runner.progress.ProgressTracker;
import org.actionbench.runner.progress.TerminalProgress;
import org.actionbench.runner.slurm.JavaCommand;
import org.actionbench.runner.spec.SpecDocument;
import org.actionbench.runner.spec.SpecException;

/**
 * {@code --parallel N [--cell-threads T]} on {@code run} and {@code resume}: N cells at once, each in a child
 * JVM with T PyTorch intra-op threads (default 1); without it the cells run one after another in this JVM.
 */
final class ParallelOption {
    static final String PARALLEL = "--parallel";
    static final String CELL_THREADS = "--cell-threads";
    static final String HELP = """
            --parallel N  runs N cells at once, each in its own JVM (`actionbench cell`, as a Slurm task), longest
                    cells first; the display shows every running cell; kill-safe as a serial run.
                    On a GPU run (device cuda) each cell has a GPU of its own: cuda:0 to cuda:N-1 (pick them with
                    CUDA_VISIBLE_DEVICES); --check-devices is passed to every cell.
            --cell-threads T  PyTorch intra-op threads of each parallel cell (default 1).""";

    private ParallelOption() {
    }

    static ArgumentParser declare(ArgumentParser p) {
        return p.option(PARALLEL, "N").option(CELL_THREADS, "T");
    }

    /** The cells at once that {@code --parallel} asks for, 0 without it (serial, in this JVM). */
    static int cells(ArgumentParser.Parsed a) throws UsageException {
        if (a.value(PARALLEL) == null && a.value(CELL_THREADS) != null) {
            throw new UsageException(CELL_THREADS + " needs " + PARALLEL);
        }
        return a.positiveInt(PARALLEL, 0);
    }

    static Path run(ArgumentParser.Parsed a, SpecDocument spec, PrintStream err)
            throws UsageException, SpecException, IOException {
        return executor(a, spec.spec().compute().device(), err).run(spec);
    }

    /** Resumes {@code run} on {@code device} (null: the run's own device). */
    static Path resume(ArgumentParser.Parsed a, Path run, ComputeDevice device, PrintStream err)
            throws UsageException, SpecException, IOException {
        RunDirectory dir = RunDirectory.open(run);
        ComputeDevice d = (device == null ? dir.spec() : dir.spec(device)).spec().compute().device();
        return executor(a, d, err).resume(run, device);
    }

    /**
     * This JVM without --parallel; else child JVMs, one slot each on {@code device} (the parent only plans).
     * {@code --check-devices} is switched on where the cells compute: here, or in every child.
     */
    private static RunExecutor executor(ArgumentParser.Parsed a, ComputeDevice device, PrintStream err)
            throws UsageException {
        int n = cells(a);
        if (n == 0) {
            DeviceOption.applyCheck(a, device.resolve());
            return new LocalExecutor(MethodCatalog.installed(), TerminalProgress.forConsole(err,
                    new ProgressTracker()));
        }
        return parallel(a, n, device, err);
    }

    /** The device of each parallel slot for a run on {@code device} (none without --parallel); a usage error if impossible. */
    static List<ComputeDevice> slotDevices(ArgumentParser.Parsed a, ComputeDevice device) throws UsageException {
        int n = cells(a);
        if (n == 0) {
            return List.of();
        }
        try {
            return SlotDevices.assign(device, n);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * N child-JVM slots on {@code device}: one GPU each on a GPU run, all of them checked to be visible before
     * anything starts; {@code --check-devices} goes to every child, where the cells compute.
     */
    private static ParallelExecutor parallel(ArgumentParser.Parsed a, int n, ComputeDevice device, PrintStream err)
            throws UsageException {
        int threads = a.positiveInt(CELL_THREADS, 1);
        List<ComputeDevice> devices = slotDevices(a, device);
        devices.get(devices.size() - 1).resolve();
        JavaCommand java = JavaCommand.current(threads);
        return new ParallelExecutor(MethodCatalog.installed(), ParallelProgress.forConsole(err), java.cliCommand(),
                java.environment(), SlotDevices.childArguments(devices, a.flag(DeviceOption.CHECK)),
                PlannedCell.LONGEST_FIRST);
    }
}

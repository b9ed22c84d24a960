package org.actionbench.runner.cli;

import ai.djl.Device;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.runner.exec.CellRunner;
import org.actionbench.runner.exec.LocalExecutor;
import org.actionbench.runner.exec.RunDirectory;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.progress.ProgressTracker;
import org.actionbench.runner.progress.TerminalProgress;
import org.actionbench.runner.spec.SpecException;

/** Internal: one Slurm array task, running the cell with the given plan index of an existing run. */
final class CellCommand implements Command {

    @Override
    public String name() {
        return "cell";
    }

    @Override
    public String synopsis() {
        return "RUN --index N [--with-parent] [--device D] [--check-devices]";
    }

    @Override
    public String summary() {
        return "(internal) runs one cell of a run: what a Slurm array task executes";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = DeviceOption.declare(DeviceOption.declareCheck(new ArgumentParser()
                .option("--index", "N").flag("--with-parent"))).parse(args);
        Integer index = a.integer("--index");
        if (index == null || a.positionals().size() != 1) {
            throw new UsageException("expected RUN --index N");
        }
        if (a.flag("--with-parent")) {
            endWithParent();
        }
        RunDirectory dir = RunDirectory.open(Path.of(a.positionals().get(0)));
        RunPlan plan;
        try {
            plan = LocalExecutor.plan(dir, MethodCatalog.installed(), DeviceOption.apply(a, (ComputeDevice) null));
        } catch (SpecException e) {
            return SpecProblems.report(e, name(), err);
        }
        if (index < 0 || index >= plan.cells().size()) {
            throw new UsageException("--index " + index + " is not a cell of this run (it has " + plan.cells().size()
                    + ")");
        }
        PlannedCell cell = plan.cells().get(index);
        out.println("cell " + index + ": " + cell.label());
        TerminalProgress progress = new TerminalProgress(out, false, 15, new ProgressTracker());
        progress.runStarted(plan, List.of(cell), 0);
        Device device = plan.source().spec().compute().device().resolve();
        DeviceOption.applyCheck(a, device);
        try (StableDiffusion model = StableDiffusion.load(plan.model(), device)) {
            new CellRunner(plan, dir.layout(), model, progress).run(cell);
        } finally {
            dir.refresh(plan, false);
        }
        return 0;
    }

    /**
     * For {@code run --parallel}: the parent holds this process's standard input open and the operating system
     * closes it when the parent dies, however it dies; the cell then stops as if killed (kill-safe by design),
     * instead of running on where a resume would find its lock held.
     */
    private static void endWithParent() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent; only the end of the stream matters
                }
            } catch (java.io.IOException ignored) {
                // a broken pipe is the parent gone too
            }
            Runtime.getRuntime().halt(137);
        }, "parent watch");
        watch.setDaemon(true);
        watch.start();
    }
}

package org.actionbench.runner.cli;

import ai.djl.Device;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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
        return "RUN --index N [--check-devices]";
    }

    @Override
    public String summary() {
        return "(internal) runs one cell of a run: what a Slurm array task executes";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = DeviceOption.declareCheck(new ArgumentParser().option("--index", "N")).parse(args);
        Integer index = a.integer("--index");
        if (index == null || a.positionals().size() != 1) {
            throw new UsageException("expected RUN --index N");
        }
        RunDirectory dir = RunDirectory.open(Path.of(a.positionals().get(0)));
        RunPlan plan;
        try {
            plan = LocalExecutor.plan(dir, MethodCatalog.installed());
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
}

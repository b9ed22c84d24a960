package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.runner.exec.LocalExecutor;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.progress.ProgressTracker;
import org.actionbench.runner.progress.TerminalProgress;
import org.actionbench.runner.spec.RunSpecReader;
import org.actionbench.runner.spec.SpecDocument;
import org.actionbench.runner.spec.SpecException;

final class RunCommand implements Command {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String synopsis() {
        return "SPEC [--plan] [--device D]";
    }

    @Override
    public String summary() {
        return "a comparative run on this machine: every method x action cell, trained then sampled (SPEC)";
    }

    @Override
    public String help() {
        return """
                Reads the run spec SPEC (YAML or JSON; the format is in harness/runner/SPEC.md), checks it
                together with its bench, model and methods (every problem is printed as "file: field: message"
                and nothing is started), creates the run directory (its "output") and runs the cells one after
                another: each trains once, then samples imagesPerPair seeded images for every subject.
                Progress (steps, rate, ETA per cell and for the run) goes to stderr; the run directory is printed
                on stdout at the end. A killed run continues with `actionbench resume RUN`.
                --plan  prints the grid instead of running it: one line per cell,
                        "cell <index> <method> <action> <images>", then "images <total>".
                """ + DeviceOption.HELP + "\n" + DeviceOption.CHECK_HELP;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = DeviceOption.declareCheck(DeviceOption.declare(new ArgumentParser()
                .flag("--plan"))).parse(args);
        boolean planOnly = a.flag("--plan");
        Path specFile = Path.of(a.positionals(1, "one SPEC file").get(0));
        try {
            SpecDocument spec = DeviceOption.apply(a, RunSpecReader.read(specFile));
            if (planOnly) {
                RunPlan plan = Planner.plan(spec, MethodCatalog.installed(), Planner.Output.NEW);
                printPlan(plan, out);
                return 0;
            }
            // Before the run directory exists: an unusable GPU leaves nothing behind.
            DeviceOption.applyCheck(a, spec.spec().compute().device().resolve());
            TerminalProgress progress = TerminalProgress.forConsole(err, new ProgressTracker());
            Path run = new LocalExecutor(MethodCatalog.installed(), progress).run(spec);
            out.println(run);
            return 0;
        } catch (SpecException e) {
            return SpecProblems.report(e, name(), err);
        }
    }

    static void printPlan(RunPlan plan, PrintStream out) {
        for (PlannedCell c : plan.cells()) {
            out.println("cell " + c.index() + " " + c.cell().method() + " " + c.cell().action() + " " + c.images().size());
        }
        out.println("images " + plan.imageCount());
    }
}

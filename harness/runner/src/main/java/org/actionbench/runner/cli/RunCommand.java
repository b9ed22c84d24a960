package org.actionbench.runner.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.runner.exec.SamplesCheck;
import org.actionbench.runner.plan.CellSelection;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
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
        return "SPEC [--plan] [--parallel N] [--only METHOD/ACTION] [--output DIR] [--check-against SAMPLES] [--device D]";
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
                --only METHOD/ACTION  runs one cell of the spec's grid (METHOD is the method entry's name) with
                        the spec's seeds and settings: its images are the full run's, byte for byte (same machine
                        type), as an image's seed depends on the sampling seed, action, subject and k alone.
                --output DIR  writes the run into DIR instead of the spec's output (a new or empty directory).
                --check-against SAMPLES  after the run, compares every image's sha256 with the record of the
                        same file in SAMPLES (a published samples.jsonl); prints each mismatch and exits 1 if any.
                """ + ParallelOption.HELP + "\n" + DeviceOption.HELP + "\n" + DeviceOption.CHECK_HELP;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = ParallelOption.declare(DeviceOption.declareCheck(DeviceOption.declare(new ArgumentParser().flag("--plan")
                .option("--only", "METHOD/ACTION").option("--output", "DIR").option("--check-against", "SAMPLES"))))
                .parse(args);
        if (ParallelOption.cells(a) > 0 && a.flag(DeviceOption.CHECK)) {
            // The check lives in the process that runs the cells; parallel cells run in child JVMs.
            throw new UsageException(DeviceOption.CHECK + " checks the cells this process runs: use it without "
                    + ParallelOption.PARALLEL);
        }
        boolean planOnly = a.flag("--plan");
        Path specFile = Path.of(a.positionals(1, "one SPEC file").get(0));
        Path checkAgainst = a.path("--check-against", null);
        if (checkAgainst != null && !Files.isRegularFile(checkAgainst)) {
            err.println("actionbench run: --check-against " + checkAgainst + ": no such file; nothing started");
            return 1;
        }
        try {
            SpecDocument spec = DeviceOption.apply(a, RunSpecReader.read(specFile));
            Path output = a.path("--output", null);
            if (output != null) {
                spec = new SpecDocument(spec.file(), spec.given(), spec.spec().withOutput(output));
            }
            if (a.value("--only") != null) {
                spec = CellSelection.only(spec, a.value("--only"));
            }
            if (planOnly) {
                RunPlan plan = Planner.plan(spec, MethodCatalog.installed(), Planner.Output.NEW);
                printPlan(plan, out);
                return 0;
            }
            // Before the run directory exists: an unusable GPU leaves nothing behind.
            DeviceOption.applyCheck(a, spec.spec().compute().device().resolve());
            Path run = ParallelOption.run(a, spec, err);
            out.println(run);
            return checkAgainst == null ? 0 : check(run, checkAgainst, out, err);
        } catch (SpecException e) {
            return SpecProblems.report(e, name(), err);
        }
    }

    /** "check N images match SAMPLES", or one line per mismatch on stderr and exit 1. */
    private static int check(Path run, Path published, PrintStream out, PrintStream err) throws IOException {
        SamplesCheck.Result r = SamplesCheck.compare(run, published);
        if (r.matches()) {
            out.println("check " + r.compared() + " images match " + published);
            return 0;
        }
        r.mismatches().forEach(err::println);
        err.println("actionbench run: " + r.mismatches().size() + " of " + r.compared() + " images do not match "
                + published);
        return 1;
    }

    static void printPlan(RunPlan plan, PrintStream out) {
        for (PlannedCell c : plan.cells()) {
            out.println("cell " + c.index() + " " + c.cell().method() + " " + c.cell().action() + " " + c.images().size());
        }
        out.println("images " + plan.imageCount());
    }
}

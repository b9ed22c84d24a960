package org.actionbench.runner.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.runner.exec.CostProbes;
import org.actionbench.runner.exec.SamplesCheck;
import org.actionbench.runner.plan.CellSelection;
import org.actionbench.runner.plan.Cost;
import org.actionbench.runner.plan.MemoryEstimate;
import org.actionbench.runner.plan.MethodCost;
import org.actionbench.runner.plan.PlanEstimate;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.ModelShapes;
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
        return "SPEC [--plan [--memory-only] [--gpu-memory SIZE]] [--parallel N] [--only METHOD/ACTION] [--output DIR] [--check-against SAMPLES] [--device D]";
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
                --plan  prints the grid and what it costs on this machine instead of running it (writes nothing
                        but its measurements' cache): one line per cell, "cell <index> <method> <action> <images>
                        train <GFLOP> sample <GFLOP> GFLOP <seconds> s" (alone), "images <total>", each method
                        entry's measured step and image ("measured ..."), its cells' sum ("method <name> <TFLOP>
                        TFLOP <hours> h") and the total, one cell at a time and with --parallel N. The costs come
                        from running each method's own training and sampling for a few steps on the real model
                        (seconds to minutes; SPEC.md, "Estimates"), cached in ~/.cache/actionbench/
                        plan-probes.properties ($ACTIONBENCH_PLAN_CACHE). Then each cell's estimated peak memory of
                        training and of sampling on the spec's device and precision ("memory cell <index> <method>
                        <action> train <GiB> sample <GiB> GiB"), each method entry's parts and the largest ("memory
                        max"), computed from the model's config files (SPEC.md, "Memory").
                --only METHOD/ACTION  runs one cell of the spec's grid (METHOD is the method entry's name) with
                        the spec's seeds and settings: its images are the full run's, byte for byte (same machine
                        type), as an image's seed depends on the sampling seed, action, subject and k alone.
                --output DIR  writes the run into DIR instead of the spec's output (a new or empty directory).
                --check-against SAMPLES  after the run, compares every image's sha256 with the record of the
                        same file in SAMPLES (a published samples.jsonl); prints each mismatch and exits 1 if any.
                """ + MemoryOption.HELP + "\n" + ParallelOption.HELP + "\n" + DeviceOption.HELP + "\n" + DeviceOption.CHECK_HELP;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = MemoryOption.declare(ParallelOption.declare(DeviceOption.declareCheck(DeviceOption.declare(new ArgumentParser().flag("--plan")
                .option("--only", "METHOD/ACTION").option("--output", "DIR").option("--check-against", "SAMPLES")))))
                .parse(args);
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
            Long gpuBytes = MemoryOption.gpuBytes(a, planOnly, spec.spec().compute().device());
            if (planOnly && a.flag(MemoryOption.MEMORY_ONLY)) {
                RunPlan plan = Planner.planFromConfigs(spec, MethodCatalog.installed());
                MemoryOption.print(MemoryEstimate.of(plan, ModelShapes.read(plan.model()), spec.spec().compute()),
                        gpuBytes, spec.spec().compute().device(), out);
                return 0;
            }
            if (planOnly) {
                RunPlan plan = Planner.plan(spec, MethodCatalog.installed(), Planner.Output.NEW);
                MemoryEstimate memory = MemoryEstimate.of(plan, ModelShapes.read(plan.model()), spec.spec().compute());
                Map<String, MethodCost> costs;
                try (StableDiffusion model = StableDiffusion.load(plan.model(),
                        spec.spec().compute().device().resolve())) {
                    costs = new CostProbes(plan, model, CostProbes.cacheFile(), err::println).measure();
                }
                int parallel = Math.max(1, ParallelOption.cells(a));
                printPlan(plan, costs, PlanEstimate.of(plan, costs, parallel, Runtime.getRuntime().availableProcessors()),
                        out);
                MemoryOption.print(memory, gpuBytes, spec.spec().compute().device(), out);
                return 0;
            }
            // Before the run directory exists: an unusable GPU leaves nothing behind.
            ParallelOption.slotDevices(a, spec.spec().compute().device());
            spec.spec().compute().device().resolve();
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

    /**
     * The grid with its estimate: per cell its images, training and sampling GFLOP and seconds alone; the
     * measured throughput of each method entry; per method entry and in total the TFLOP and hours, one cell
     * after another and with the cells at once that --parallel asks for.
     */
    static void printPlan(RunPlan plan, Map<String, MethodCost> costs, PlanEstimate estimate, PrintStream out) {
        for (PlanEstimate.CellEstimate e : estimate.cells()) {
            PlannedCell c = e.cell();
            out.println("cell " + c.index() + " " + c.cell().method() + " " + c.cell().action() + " " + c.images().size()
                    + " train " + gflop(e.training()) + " sample " + gflop(e.sampling()) + " GFLOP "
                    + String.format(Locale.ROOT, "%.1f", e.total().seconds()) + " s");
        }
        out.println("images " + plan.imageCount());
        costs.forEach((name, m) -> {
            Cost step = m.perUnit().get("steps");
            out.println("measured " + name + (step == null ? "" : " step " + gflop(step) + " GFLOP "
                    + String.format(Locale.ROOT, "%.3f", step.seconds()) + " s " + rate(step))
                    + " image " + gflop(m.perImage()) + " GFLOP " + String.format(Locale.ROOT, "%.3f",
                    m.perImage().seconds()) + " s " + rate(m.perImage()));
        });
        Map<String, Cost> byMethod = new LinkedHashMap<>();
        for (PlanEstimate.CellEstimate e : estimate.cells()) {
            byMethod.merge(e.cell().cell().method(), e.total(), Cost::plus);
        }
        byMethod.forEach((name, c) -> out.println("method " + name + " " + tflop(c) + " TFLOP " + hours(c.seconds())
                + " h"));
        Cost total = estimate.total();
        out.println("total " + tflop(total) + " TFLOP " + hours(total.seconds()) + " h one cell at a time"
                + (estimate.parallel() == 1 ? "" : "; " + hours(estimate.wallSeconds()) + " h with --parallel "
                + estimate.parallel() + " (each cell " + estimate.slowdown(Math.min(estimate.parallel(),
                estimate.cells().size())) + "x slower beside the others)"));
    }

    private static String tflop(Cost c) {
        return String.format(Locale.ROOT, "%.3f", c.flops() / 1e12);
    }

    private static String gflop(Cost c) {
        return String.format(Locale.ROOT, "%.3f", c.flops() / 1e9);
    }

    private static String rate(Cost c) {
        return String.format(Locale.ROOT, "%.1f GFLOP/s", c.gflopsPerSecond());
    }

    private static String hours(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds / 3600);
    }
}

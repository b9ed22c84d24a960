package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.MiniBench;
import org.actionbench.mini.world.MiniRenderer;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.data.run.Judgement;
import org.actionbench.mini.judge.RunJudging;
import org.actionbench.reports.Report;
import org.actionbench.runner.Home;
import org.actionbench.runner.exec.LocalExecutor;
import org.actionbench.runner.exec.RunDirectory;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.progress.ProgressTracker;
import org.actionbench.runner.progress.TerminalProgress;
import org.actionbench.runner.spec.RunSpecReader;
import org.actionbench.runner.spec.SpecDocument;
import org.actionbench.runner.spec.SpecException;

/**
 * {@code actionbench demo}, the README's first command: the whole pipeline on ActionBench-Mini with the
 * bundled model — bench, every method, sampling, the oracle's judgements, the Excel report — then the
 * annotation UI with the run imported. Rerunning it continues an interrupted demo.
 */
final class DemoCommand implements Command {
    /** Quick profile: what a two-core laptop finishes in minutes; each value is in the written spec. */
    static final List<String> QUICK_ACTIONS = List.of(PoseFamily.CHEER.id(), PoseFamily.HANDSTAND.id());

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String synopsis() {
        return "[--out DIR] [--no-serve] [--device D]";
    }

    @Override
    public String summary() {
        return "the main job: ActionBench-Mini, every method, auto-judged, Excel report, served in the UI";
    }

    @Override
    public String help() {
        return """
                Renders the ActionBench-Mini bench into DIR/bench (default DIR: ./actionbench-demo), writes the
                run spec DIR/spec.yaml (the quick profile: every method, actions %s, one subject per group,
                2 images per pair, short trainings, DDIM 20 steps), runs it into DIR/run with the bundled mini
                model, judges every image with the oracle (DIR/run/%s), writes DIR/report.xlsx, prints the
                accuracy table and serves the annotation UI with the run imported (unless --no-serve).
                Rerunning the command after an interruption continues the run. Edit DIR/spec.yaml and use
                `actionbench run` for a full-profile run. The oracle judges on the CPU whatever the device.
                """.formatted(QUICK_ACTIONS, RunJudging.FILE_NAME) + DeviceOption.HELP
                + " A continued demo keeps the device it started on.";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = DeviceOption.declare(new ArgumentParser().option("--out", "DIR").flag("--no-serve"))
                .parse(args);
        if (!a.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positionals().get(0) + "'");
        }
        ComputeDevice asked = DeviceOption.apply(a, (ComputeDevice) null);
        if (asked != null) {
            asked.resolve(); // an unusable GPU is refused before anything is written
        }
        boolean serve = !a.flag("--no-serve");
        Path dir = a.path("--out", Path.of("actionbench-demo"));
        Path model = Home.bundledModel();
        Path judgeDir = Home.bundledJudge();
        for (Path p : List.of(model, judgeDir)) {
            if (!Files.isDirectory(p)) {
                throw new UsageException(p + " is missing: the demo needs the bundled mini model and judge"
                        + " (committed under models/; rebuild with `actionbench mini-model pretrain` / `train-judge`)");
            }
        }
        long started = System.nanoTime();
        Files.createDirectories(dir);
        Path bench = dir.resolve("bench");
        if (!Files.isRegularFile(bench.resolve("bench.json"))) {
            err.println("rendering the ActionBench-Mini bench into " + bench);
            MiniBench.write(bench, BenchCommand.DEFAULT_SEED, MiniRenderer.DEFAULT_RESOLUTION);
        }
        Path spec = dir.resolve("spec.yaml");
        if (!Files.exists(spec)) {
            AtomicFiles.write(spec, quickSpec(model).getBytes(StandardCharsets.UTF_8));
        }
        Path run = dir.resolve("run");
        TerminalProgress progress = TerminalProgress.forConsole(err, new ProgressTracker());
        LocalExecutor executor = new LocalExecutor(MethodCatalog.installed(), progress);
        try {
            if (Files.isRegularFile(run.resolve("run.json"))) {
                checkSameDevice(asked, RunDirectory.open(run).spec().spec().compute().device(), run);
                err.println("continuing the demo run in " + run);
                executor.resume(run);
            } else {
                SpecDocument doc = DeviceOption.apply(a, RunSpecReader.read(spec));
                doc.spec().compute().device().resolve(); // the spec's own device, when edited to a GPU
                executor.run(doc);
            }
        } catch (SpecException e) {
            return SpecProblems.report(e, name(), err);
        }
        List<Judgement> judgements = RunJudging.judgeAndWrite(run, judgeDir);
        Report report = Report.of(judgements);
        Path xlsx = dir.resolve("report.xlsx");
        report.writeXlsx(xlsx);
        out.print(report.markdown());
        err.printf(Locale.ROOT, "demo done in %.0f s: run %s, judgements %s, report %s%n",
                (System.nanoTime() - started) / 1e9, run, run.resolve(RunJudging.FILE_NAME), xlsx);
        if (serve) {
            return ServeCommand.serve(run, err);
        }
        return 0;
    }

    /** A continued demo computes where it started: cells of one run on two devices would not be comparable. */
    private static void checkSameDevice(ComputeDevice asked, ComputeDevice recorded, Path run)
            throws UsageException {
        if (asked != null && !asked.equals(recorded)) {
            throw new UsageException(DeviceOption.NAME + " " + asked + ": the demo run in " + run + " was started on "
                    + recorded + " and continues there; use another --out for a demo on " + asked);
        }
    }

    /** The quick profile as a run spec; paths relative to the spec's directory except the model's. */
    static String quickSpec(Path model) {
        String subjects = String.join(", ", Cast.HUMANS.get(0).id(), Cast.CELEBRITIES.get(0).id(),
                Cast.ANIMALS.get(0).id());
        return """
                # actionbench demo, quick profile: every method, 2 actions x 3 subjects x 2 images, short trainings.
                # The full profile is every method's published defaults (remove the settings blocks) with all
                # actions and subjects, 4 images per pair and DDIM 50 steps.
                bench: bench
                model: %s
                output: run
                methods:
                  - stable-diffusion
                  - controlnet
                  - method: dreambooth
                    settings: {steps: 40, classImages: 4, classSamplingSteps: 10}
                  - method: textual-inversion
                    settings: {steps: 60, gradientAccumulation: 1}
                  - method: reversion
                    settings: {steps: 60, gradientAccumulation: 1}
                  - method: custom-diffusion
                    settings: {steps: 40, classImages: 4, classSamplingSteps: 10}
                  - method: p-plus
                    settings: {steps: 60, batchSize: 2}
                  - method: adi
                    settings: {steps: 60, dreamboothSteps: 8, actionDifferentPerExemplar: 1, samplingSteps: 10}
                actions: [%s]
                subjects: [%s]
                imagesPerPair: 2
                seeds: {training: 0, sampling: 0}
                sampler: {steps: 20, guidance: 7.5}
                """.formatted(model, String.join(", ", QUICK_ACTIONS), subjects);
    }
}

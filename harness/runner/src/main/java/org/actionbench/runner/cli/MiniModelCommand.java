package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.mini.judge.JudgeTraining;
import org.actionbench.mini.judge.JudgeTrainingJob;
import org.actionbench.mini.judge.OracleJudge;
import org.actionbench.mini.model.MiniModelQuality;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.MiniModelSize;
import org.actionbench.mini.model.PretrainingJob;
import org.actionbench.mini.model.PretrainingPlan;

/** {@code actionbench mini-model pretrain}: builds the bundled mini model from scratch (issue: mini model). */
final class MiniModelCommand implements Command {
    @Override
    public String name() {
        return "mini-model";
    }

    @Override
    public String synopsis() {
        return "pretrain OUT [--work DIR] [--scale F] [--size mini|tiny] | train-judge OUT [--work DIR] [--scale F] | quality SNAPSHOT JUDGE [--steps N] [--held-out N] [--grids DIR]";
    }

    @Override
    public String summary() {
        return "pretrain the bundled ActionBench-Mini model and its oracle judge from scratch";
    }

    @Override
    public String help() {
        return """
                Trains the mini model in three stages on fresh renders of the ActionBench-Mini world (VAE;
                text encoder + UNet; ControlNet on skeleton maps) and writes a diffusers-layout snapshot to
                OUT (fp16 weights) with provenance.json (command, plan, seed, wall time, final losses, git
                commit). Checkpoints go to --work (default OUT.work); rerunning the same command after a
                crash continues from them and gives the same weights. --scale multiplies every stage's steps
                (e.g. 0.01 for a smoke run). The committed snapshot: models/actionbench-mini.

                train-judge OUT trains the oracle judge (an action and a subject classifier) on fresh renders,
                prints its accuracy on held-out renders and writes it to OUT with provenance.json; it too
                checkpoints to --work (default OUT.work) and continues from there. The committed judge:
                models/actionbench-mini-judge.

                quality SNAPSHOT JUDGE prints the quality table of the README: the judge's accuracy on held-out
                renders and on the snapshot VAE's reconstructions of them, and for every evaluation subject x
                action one seeded image (DDIM --steps, default 25, guidance 7.5) judged when the prompt names
                the action, when it leaves the action words out, and with a ControlNet skeleton map; --grids
                DIR writes a sample sheet per condition.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed o = new ArgumentParser().option("--work", "DIR").option("--scale", "F")
                .option("--size", "mini|tiny").option("--steps", "N").option("--held-out", "N").option("--grids", "DIR")
                .parse(args);
        List<String> rest = o.positionals();
        Path work = o.path("--work", null);
        double scale = o.positiveNumber("--scale", 1.0);
        MiniModelSize size = o.choice("--size", List.of("mini", "tiny"), "mini").equals("tiny") ? MiniModelSize.TINY
                : MiniModelSize.MINI;
        int steps = o.positiveInt("--steps", 25);
        int heldOut = o.positiveInt("--held-out", 1600);
        Path grids = o.path("--grids", null);
        if (rest.size() == 3 && rest.get(0).equals("quality")) {
            try (StableDiffusion model = StableDiffusion.load(Path.of(rest.get(1)));
                    OracleJudge judge = OracleJudge.load(Path.of(rest.get(2)))) {
                MiniModelQuality.Report report = MiniModelQuality.measure(model, judge, steps, heldOut, grids,
                        line -> err.println(line));
                out.print(report.markdown());
            }
            return 0;
        }
        if (rest.size() != 2 || !(rest.get(0).equals("pretrain") || rest.get(0).equals("train-judge"))) {
            throw new UsageException("expected: pretrain OUT, train-judge OUT, or quality SNAPSHOT JUDGE");
        }
        Path target = Path.of(rest.get(1));
        AtomicFiles.requireFreshDirectory(target);
        String command = "actionbench mini-model " + String.join(" ", args);
        if (work == null) {
            work = target.resolveSibling(target.getFileName() + ".work");
        }
        if (rest.get(0).equals("train-judge")) {
            JudgeTrainingJob.run(JudgeTraining.Plan.DEFAULT.scaled(scale), target, work, command, out);
            return 0;
        }
        PretrainingJob.run(size, PretrainingPlan.DEFAULT.scaled(scale), target, work, command, out);
        return 0;
    }
}

package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
        return "pretrain OUT [--work DIR] [--scale F] [--size mini|tiny] | train-judge OUT [--scale F] | quality SNAPSHOT JUDGE [--steps N] [--held-out N] [--grids DIR]";
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
                prints its accuracy on held-out renders and writes it to OUT with provenance.json. The
                committed judge: models/actionbench-mini-judge.

                quality SNAPSHOT JUDGE prints the quality table of the README: the judge's accuracy on held-out
                renders and on the snapshot VAE's reconstructions of them, and for every evaluation subject x
                action one seeded image (DDIM --steps, default 25, guidance 7.5) judged when the prompt names
                the action, when it leaves the action words out, and with a ControlNet skeleton map; --grids
                DIR writes a sample sheet per condition.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        List<String> rest = new ArrayList<>(args);
        Path work = null;
        double scale = 1.0;
        MiniModelSize size = MiniModelSize.MINI;
        int steps = 25;
        int heldOut = 1600;
        Path grids = null;
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.startsWith("--")) {
                if (i + 1 >= rest.size()) {
                    throw new UsageException(a + " needs a value");
                }
                String v = rest.remove(i + 1);
                rest.remove(i--);
                switch (a) {
                    case "--work" -> work = Path.of(v);
                    case "--scale" -> scale = parsePositive(a, v);
                    case "--steps" -> steps = (int) parsePositive(a, v);
                    case "--held-out" -> heldOut = (int) parsePositive(a, v);
                    case "--grids" -> grids = Path.of(v);
                    case "--size" -> size = switch (v) {
                        case "mini" -> MiniModelSize.MINI;
                        case "tiny" -> MiniModelSize.TINY;
                        default -> throw new UsageException("--size must be mini or tiny, got '" + v + "'");
                    };
                    default -> throw new UsageException("unknown option " + a);
                }
            }
        }
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
        if (rest.get(0).equals("train-judge")) {
            JudgeTrainingJob.run(JudgeTraining.Plan.DEFAULT.scaled(scale), target, command, out);
            return 0;
        }
        if (work == null) {
            work = target.resolveSibling(target.getFileName() + ".work");
        }
        PretrainingJob.run(size, PretrainingPlan.DEFAULT.scaled(scale), target, work, command, out);
        return 0;
    }

    private static double parsePositive(String option, String value) throws UsageException {
        try {
            double d = Double.parseDouble(value);
            if (d > 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " must be a positive number, got '" + value + "'");
    }
}

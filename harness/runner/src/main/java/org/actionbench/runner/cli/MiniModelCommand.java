package org.actionbench.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.engine.judge.JudgeTraining;
import org.actionbench.engine.judge.OracleJudge;
import org.actionbench.engine.mini.MiniModelQuality;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.mini.MiniModelSize;
import org.actionbench.engine.mini.MiniPretraining;
import org.actionbench.engine.mini.PretrainingPlan;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.engine.train.TrainingLoop;
import org.actionbench.engine.weights.DType;

/** {@code actionbench mini-model pretrain}: builds the bundled mini model from scratch (issue: mini model). */
final class MiniModelCommand implements Command {
    static final String PROVENANCE = "provenance.json";

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
        if (work == null) {
            work = target.resolveSibling(target.getFileName() + ".work");
        }
        if (rest.get(0).equals("train-judge")) {
            return trainJudge(target, work, scale, command, out);
        }
        PretrainingPlan plan = PretrainingPlan.DEFAULT.scaled(scale);
        out.println("pretraining " + size.name() + " model -> " + target + " (checkpoints in " + work + ")");
        out.println("plan: " + plan);
        MiniPretraining.Result result = new MiniPretraining(size, plan, work).run(target, DType.F16,
                new MiniPretraining.Progress() {
                    @Override
                    public void step(String stage, long step, long total, double loss, double secondsPerStep) {
                        long eta = Math.round((total - step) * secondsPerStep);
                        out.printf("[%s] step %d/%d  loss %.4f  %.2f s/step  ETA %d:%02d:%02d (this stage)%n", stage,
                                step, total, loss, secondsPerStep, eta / 3600, eta / 60 % 60, eta % 60);
                        out.flush();
                    }

                    @Override
                    public void log(String line) {
                        out.println(line);
                    }
                });
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", command);
        provenance.put("model", size.name());
        provenance.put("plan", plan);
        provenance.put("seed", plan.seed());
        provenance.put("final_losses", result.finalLosses());
        provenance.put("vae_scaling_factor", result.scalingFactor());
        provenance.put("parameters", result.parameters());
        provenance.put("wall_seconds_last_invocation", Math.round(result.wallSeconds()));
        writeProvenance(target, provenance);
        out.printf("done in %.0f s: %s%n", result.wallSeconds(), result.finalLosses());
        return 0;
    }

    private static int trainJudge(Path target, Path work, double scale, String command, PrintStream out)
            throws Exception {
        JudgeTraining.Plan plan = JudgeTraining.Plan.DEFAULT.scaled(scale);
        out.println("training the oracle judge -> " + target + " (checkpoints in " + work + ")");
        out.println("plan: " + plan);
        JudgeTraining.Result result = JudgeTraining.train(plan, target, work, new ConsoleProgress(out, "judge"));
        JudgeTraining.Accuracy a = result.heldOut();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", command);
        provenance.put("plan", plan);
        provenance.put("seed", plan.seed());
        provenance.put("held_out_renders", a.images());
        provenance.put("held_out_action_accuracy", a.action());
        provenance.put("held_out_subject_accuracy", a.subject());
        provenance.put("final_loss", result.finalLoss());
        provenance.put("wall_seconds", Math.round(result.wallSeconds()));
        writeProvenance(target, provenance);
        out.printf("held-out accuracy on %d renders: action %.2f %%, subject %.2f %% (%.0f s)%n", a.images(),
                100 * a.action(), 100 * a.subject(), result.wallSeconds());
        return 0;
    }

    private static void writeProvenance(Path dir, Map<String, Object> provenance) throws java.io.IOException {
        provenance.put("finished", Instant.now().toString());
        provenance.put("git_commit", GitInfo.describe());
        provenance.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + ", DJL PyTorch CPU, "
                + System.getProperty("ai.djl.pytorch.num_threads", "default") + " intra-op thread(s)");
        AtomicFiles.write(dir.resolve(PROVENANCE), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(provenance).getBytes(StandardCharsets.UTF_8));
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

    /** The judge training's reported steps on the terminal, with the time per step since the last report and an ETA. */
    private static final class ConsoleProgress implements TrainingListener {
        private final PrintStream out;
        private final String label;
        private long lastStep;
        private long lastNanos = System.nanoTime();

        ConsoleProgress(PrintStream out, String label) {
            this.out = out;
            this.label = label;
        }

        @Override
        public void step(long step, long total, Map<String, Double> metrics) {
            long now = System.nanoTime();
            double secondsPerStep = (now - lastNanos) / 1e9 / Math.max(1, step - lastStep);
            lastStep = step;
            lastNanos = now;
            long eta = Math.round((total - step) * secondsPerStep);
            out.printf(Locale.ROOT, "[%s] step %d/%d  loss %.4f  %.2f s/step  ETA %d:%02d:%02d%n", label, step, total,
                    metrics.getOrDefault(TrainingLoop.LOSS, Double.NaN), secondsPerStep, eta / 3600, eta / 60 % 60,
                    eta % 60);
            out.flush();
        }

        @Override
        public void resumed(long step, long totalSteps, Path checkpoint) {
            lastStep = step;
            TrainingListener.super.resumed(step, totalSteps, checkpoint);
        }

        @Override
        public void log(String line) {
            out.println("[" + label + "] " + line);
        }
    }
}

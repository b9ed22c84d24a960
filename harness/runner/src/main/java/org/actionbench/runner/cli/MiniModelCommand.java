package org.actionbench.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.engine.judge.JudgeTraining;
import org.actionbench.engine.judge.OracleJudge;
import org.actionbench.engine.mini.MiniModelQuality;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.mini.MiniModelSize;
import org.actionbench.engine.mini.MiniPretraining;
import org.actionbench.engine.mini.PretrainingPlan;
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
        if (rest.get(0).equals("train-judge")) {
            return trainJudge(target, scale, command, out);
        }
        if (work == null) {
            work = target.resolveSibling(target.getFileName() + ".work");
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

    private static int trainJudge(Path target, double scale, String command, PrintStream out) throws Exception {
        JudgeTraining.Plan plan = JudgeTraining.Plan.DEFAULT.scaled(scale);
        out.println("training the oracle judge -> " + target);
        out.println("plan: " + plan);
        JudgeTraining.Result result = JudgeTraining.train(plan, target, (step, total, loss, secondsPerStep) -> {
            long eta = Math.round((total - step) * secondsPerStep);
            out.printf("[judge] step %d/%d  loss %.4f  %.2f s/step  ETA %d:%02d%n", step, total, loss, secondsPerStep,
                    eta / 60, eta % 60);
            out.flush();
        });
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
}

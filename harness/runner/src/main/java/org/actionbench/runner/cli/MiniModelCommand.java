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
import java.util.Map;
import org.actionbench.data.io.AtomicFiles;
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
        return "pretrain OUT [--work DIR] [--scale F] [--size mini|tiny]";
    }

    @Override
    public String summary() {
        return "pretrain the bundled ActionBench-Mini text-to-image model from scratch (resumable)";
    }

    @Override
    public String help() {
        return """
                Trains the mini model in three stages on fresh renders of the ActionBench-Mini world (VAE;
                text encoder + UNet; ControlNet on skeleton maps) and writes a diffusers-layout snapshot to
                OUT (fp16 weights) with provenance.json (command, plan, seed, wall time, final losses, git
                commit). Checkpoints go to --work (default OUT.work); rerunning the same command after a
                crash continues from them and gives the same weights. --scale multiplies every stage's steps
                (e.g. 0.01 for a smoke run). The committed snapshot: models/actionbench-mini.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        List<String> rest = new ArrayList<>(args);
        Path work = null;
        double scale = 1.0;
        MiniModelSize size = MiniModelSize.MINI;
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
                    case "--size" -> size = switch (v) {
                        case "mini" -> MiniModelSize.MINI;
                        case "tiny" -> MiniModelSize.TINY;
                        default -> throw new UsageException("--size must be mini or tiny, got '" + v + "'");
                    };
                    default -> throw new UsageException("unknown option " + a);
                }
            }
        }
        if (rest.size() != 2 || !rest.get(0).equals("pretrain")) {
            throw new UsageException("expected: pretrain OUT");
        }
        Path target = Path.of(rest.get(1));
        if (work == null) {
            work = target.resolveSibling(target.getFileName() + ".work");
        }
        PretrainingPlan plan = PretrainingPlan.DEFAULT.scaled(scale);
        String command = "actionbench mini-model " + String.join(" ", args);
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
        provenance.put("finished", Instant.now().toString());
        provenance.put("git_commit", GitInfo.describe());
        provenance.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + ", DJL PyTorch CPU, 1 intra-op thread");
        AtomicFiles.write(target.resolve(PROVENANCE), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(provenance).getBytes(StandardCharsets.UTF_8));
        out.printf("done in %.0f s: %s%n", result.wallSeconds(), result.finalLosses());
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

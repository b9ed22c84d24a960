package org.actionbench.mini.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actionbench.engine.weights.DType;
import org.actionbench.mini.ConsoleProgress;
import org.actionbench.mini.Provenance;

/**
 * {@code actionbench mini-model pretrain}: {@link MiniPretraining} with progress lines on a stream, the snapshot
 * in fp16 and its {@link Provenance}. Checkpoints in {@code work} make a rerun continue where a crash left off.
 */
public final class PretrainingJob {
    private PretrainingJob() {
    }

    /** Pretrains {@code size} with {@code plan} into the fresh directory {@code target}; returns what it measured. */
    public static MiniPretraining.Result run(MiniModelSize size, PretrainingPlan plan, Path target, Path work,
            String command, PrintStream out) throws IOException {
        out.println("pretraining " + size.name() + " model -> " + target + " (checkpoints in " + work + ")");
        out.println("plan: " + plan);
        // One progress line per stage and report: the stage, step/total, loss, s/step and that stage's ETA.
        MiniPretraining.Result result = new MiniPretraining(size, plan, work).run(target, DType.F16,
                stage -> new ConsoleProgress(out, stage));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", command);
        provenance.put("model", size.name());
        provenance.put("plan", plan);
        provenance.put("seed", plan.seed());
        provenance.put("final_losses", result.finalLosses());
        provenance.put("vae_scaling_factor", result.scalingFactor());
        provenance.put("parameters", result.parameters());
        provenance.put("wall_seconds_last_invocation", Math.round(result.wallSeconds()));
        Provenance.write(target, provenance);
        out.printf("done in %.0f s: %s%n", result.wallSeconds(), result.finalLosses());
        return result;
    }
}

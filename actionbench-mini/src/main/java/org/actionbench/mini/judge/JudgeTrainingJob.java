package org.actionbench.mini.judge;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actionbench.mini.ConsoleProgress;
import org.actionbench.mini.Provenance;

/**
 * {@code actionbench mini-model train-judge}: {@link JudgeTraining} with progress lines on a stream, the
 * held-out accuracy printed and the judge written with its {@link Provenance}.
 */
public final class JudgeTrainingJob {
    private JudgeTrainingJob() {
    }

    /**
     * Trains the oracle judge with {@code plan} into the fresh directory {@code target}, checkpointing to
     * {@code work} and continuing from a checkpoint found there.
     */
    public static JudgeTraining.Result run(JudgeTraining.Plan plan, Path target, Path work, String command,
            PrintStream out) throws IOException {
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
        Provenance.write(target, provenance);
        out.printf("held-out accuracy on %d renders: action %.2f %%, subject %.2f %% (%.0f s)%n", a.images(),
                100 * a.action(), 100 * a.subject(), result.wallSeconds());
        return result;
    }
}

package org.actionbench.mini.judge;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actionbench.mini.Provenance;

/**
 * {@code actionbench mini-model train-judge}: {@link JudgeTraining} with progress lines on a stream, the
 * held-out accuracy printed and the judge written with its {@link Provenance}.
 */
public final class JudgeTrainingJob {
    private JudgeTrainingJob() {
    }

    /** Trains the oracle judge with {@code plan} into the fresh directory {@code target}. */
    public static JudgeTraining.Result run(JudgeTraining.Plan plan, Path target, String command, PrintStream out)
            throws IOException {
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
        Provenance.write(target, provenance);
        out.printf("held-out accuracy on %d renders: action %.2f %%, subject %.2f %% (%.0f s)%n", a.images(),
                100 * a.action(), 100 * a.subject(), result.wallSeconds());
        return result;
    }
}

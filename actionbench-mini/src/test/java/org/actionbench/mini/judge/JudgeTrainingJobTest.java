package org.actionbench.mini.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.mini.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeTrainingJobTest {

    @Test
    void theJudgeIsWrittenWithAProvenanceThatRecordsWhatTheTrainingMeasured(@TempDir Path dir) throws Exception {
        JudgeTraining.Plan plan = new JudgeTraining.Plan(5, 64, 8, 2, 1e-3, 16, List.of(8, 8, 16, 16), 16, 100);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path target = dir.resolve("judge");
        JudgeTraining.Result result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result = JudgeTrainingJob.run(plan, target, dir.resolve("work"), "actionbench mini-model train-judge x",
                    out);
        }

        JsonNode p = new ObjectMapper().readTree(target.resolve(Provenance.FILE_NAME).toFile());
        List<String> keys = new ArrayList<>();
        p.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("command", "plan", "seed", "held_out_renders", "held_out_action_accuracy",
                "held_out_subject_accuracy", "final_loss", "wall_seconds", "finished", "git_commit", "machine"), keys);
        assertEquals("actionbench mini-model train-judge x", p.get("command").asText());
        assertEquals(5, p.get("seed").asLong());
        assertEquals(2, p.get("plan").get("steps").asInt());
        assertEquals(result.heldOut().images(), p.get("held_out_renders").asInt());
        assertEquals(result.heldOut().action(), p.get("held_out_action_accuracy").asDouble());
        assertEquals(result.heldOut().subject(), p.get("held_out_subject_accuracy").asDouble());
        assertEquals(result.finalLoss(), p.get("final_loss").asDouble());

        String log = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(log.startsWith("training the oracle judge -> " + target + " (checkpoints in " + dir.resolve("work")
                + ")\nplan: " + plan + "\n"), log);
        assertTrue(log.contains("[judge] step 2/2  loss "), log);
        try (OracleJudge judge = OracleJudge.load(target)) {
            assertEquals(JudgeTraining.actionLabels(), judge.actionConfig().labels());
        }
    }
}

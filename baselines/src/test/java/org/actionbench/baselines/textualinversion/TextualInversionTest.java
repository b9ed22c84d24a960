package org.actionbench.baselines.textualinversion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.actionbench.baselines.MethodHarness;
import org.actionbench.baselines.ModelSnapshot;
import org.actionbench.baselines.Recording;
import org.actionbench.baselines.ToyAction;
import org.actionbench.baselines.TokenRows;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextualInversionTest {
    static StableDiffusion model;
    static final ActionExamples ACTION = ToyAction.raiseOneArm();
    static final Map<String, Object> QUICK = Map.of("steps", 3, "batchSize", 2, "gradientAccumulation", 1,
            "checkpointEvery", 1);

    @BeforeAll
    static void build() {
        model = TinyModels.random(7);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void learnsOneRowAndNothingElseThenSamples(@TempDir Path dir) throws Exception {
        TextualInversion method = new TextualInversion();
        ModelSnapshot before = ModelSnapshot.of(model);
        Recording log = new Recording();
        Artifact artifact = MethodHarness.train(method, model, ACTION, QUICK, dir, log);
        TokenRows.assertRowsLearned(artifact, model, "pose", 1, 32);
        assertEquals(java.util.List.of(), before.changed(ModelSnapshot.of(model)), "frozen weights changed");
        assertEquals(3, log.steps.size());
        assertTrue(log.steps.get(0).get("loss") > 0);
        assertEquals("a panda <action>", method.prompt("a panda", ACTION, artifact));
        MethodHarness.sample(method, model, ACTION, artifact, 5);
    }

    @Test
    void resumedAfterACrashEndsBitIdentical(@TempDir Path a, @TempDir Path b) throws Exception {
        TextualInversion method = new TextualInversion();
        Artifact straight = MethodHarness.train(method, model, ACTION, QUICK, a, new Recording());
        Artifact resumed = MethodHarness.trainWithCrash(method, model, ACTION, QUICK, b, 2);
        assertArrayEquals(straight.tensor("rows").toFloatArray(), resumed.tensor("rows").toFloatArray());
    }

    @Test
    void refusesACheckpointOfOtherSettings(@TempDir Path dir) throws Exception {
        TextualInversion method = new TextualInversion();
        MethodHarness.train(method, model, ACTION, QUICK, dir, new Recording());
        Map<String, Object> other = new java.util.HashMap<>(QUICK);
        other.put("learningRate", 1e-3);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> MethodHarness.train(method, model, ACTION, other, dir, new Recording()));
        assertTrue(e.getMessage().contains("checkpoint.safetensors") && e.getMessage().contains("another training"),
                e.getMessage());
    }
}

package org.actionbench.baselines.promptplus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
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

class PromptPlusTest {
    static StableDiffusion model;
    static final ActionExamples ACTION = ToyAction.raiseOneArm();

    @BeforeAll
    static void build() {
        model = TinyModels.random(8);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void learnsOneRowPerCrossAttentionLayerAndNothingElseThenSamples(@TempDir Path dir) throws Exception {
        PromptPlus method = new PromptPlus();
        ModelSnapshot before = ModelSnapshot.of(model);
        Recording log = new Recording();
        Artifact artifact = MethodHarness.train(method, model, ACTION, Map.of("steps", 2, "batchSize", 2), dir, log);
        // The tiny UNet has four cross-attention layers: four rows, each trained.
        TokenRows.assertRowsLearned(artifact, model, "pose", 4, 1, 32);
        assertEquals(List.of(), before.changed(ModelSnapshot.of(model)), "frozen weights changed");
        assertEquals(2, log.steps.size());
        MethodHarness.sample(method, model, ACTION, artifact, 3);
    }
}

package org.actionbench.baselines.sd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.baselines.MethodHarness;
import org.actionbench.baselines.ModelSnapshot;
import org.actionbench.baselines.Recording;
import org.actionbench.baselines.ToyAction;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainStableDiffusionTest {
    static StableDiffusion model;

    @BeforeAll
    static void build() {
        model = TinyModels.random(13);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void trainsNothingAndPromptsTheDescription(@TempDir Path dir) throws Exception {
        ActionExamples action = ToyAction.raiseOneArm();
        PlainStableDiffusion method = new PlainStableDiffusion();
        ModelSnapshot before = ModelSnapshot.of(model);
        Recording log = new Recording();
        Artifact artifact = MethodHarness.train(method, model, action, Map.of(), dir, log);
        assertTrue(artifact.tensors().isEmpty());
        assertTrue(log.steps.isEmpty());
        assertEquals(List.of(), before.changed(ModelSnapshot.of(model)));
        assertEquals("An old man raising one arm straight up above the head while the other arm hangs down",
                method.prompt("An old man", action, artifact));
        SamplingSetup setup = method.sampling(artifact, action, model);
        assertTrue(setup.unetOverrides().isEmpty());
        assertEquals(null, setup.controlFor(List.of(1L)));
        MethodHarness.sample(method, model, action, artifact, 1);
    }
}

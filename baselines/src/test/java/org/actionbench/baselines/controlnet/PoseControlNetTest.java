package org.actionbench.baselines.controlnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.actionbench.baselines.MethodHarness;
import org.actionbench.baselines.ModelSnapshot;
import org.actionbench.baselines.Recording;
import org.actionbench.baselines.ToyAction;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoseControlNetTest {
    static StableDiffusion model;

    @BeforeAll
    static void build() {
        model = TinyModels.random(14);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static boolean samePixels(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void promptIsTheSubjectByDefaultOrTheSubjectDoingTheDescribedAction(@TempDir Path dir) throws Exception {
        ActionExamples action = ToyAction.of(PoseFamily.CHEER, 2);
        PoseControlNet method = new PoseControlNet();
        Artifact byDefault = MethodHarness.train(method, model, action, Map.of(), dir, new Recording());
        assertEquals("an old man", method.prompt(" an old man ", action, byDefault));
        Artifact subjectOnly = MethodHarness.train(method, model, action, Map.of("prompt", "subject"), dir,
                new Recording());
        assertEquals("an old man", method.prompt("an old man", action, subjectOnly));
        Artifact withAction = MethodHarness.train(method, model, action, Map.of("prompt", "subject-and-action"), dir,
                new Recording());
        assertEquals("an old man " + PoseFamily.CHEER.description(), method.prompt("an old man", action, withAction));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodHarness.train(method,
                model, action, Map.of("prompt", "action"), dir, new Recording()));
        assertTrue(e.getMessage().contains("'prompt'") && e.getMessage().contains("subject-and-action"),
                e.getMessage());
    }

    @Test
    void eachSampleGetsTheSkeletonOfASeededExemplar(@TempDir Path dir) throws Exception {
        ActionExamples action = ToyAction.of(PoseFamily.CHEER, 4);
        PoseControlNet method = new PoseControlNet();
        ModelSnapshot before = ModelSnapshot.of(model);
        Artifact artifact = MethodHarness.train(method, model, action, Map.of("conditioningScale", 0.5), dir,
                new Recording());
        assertTrue(artifact.tensors().isEmpty());
        assertEquals(List.of(), before.changed(ModelSnapshot.of(model)));
        assertEquals("a panda", method.prompt("a panda", action, artifact));

        SamplingSetup setup = method.sampling(artifact, action, model);
        List<Long> seeds = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        TextToImagePipeline.Control control = setup.controlFor(seeds);
        assertSame(model.controlnet().orElseThrow(), control.controlnet());
        assertEquals(0.5f, control.scale());
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < seeds.size(); i++) {
            int k = PoseControlNet.exemplarFor(seeds.get(i), 4);
            used.add(k);
            assertTrue(samePixels(action.exemplars().get(k).poseMap(), control.images().get(i)), "sample " + i);
            assertEquals("exemplar " + k, setup.controlNote(seeds.get(i)));
            // The choice depends on the sample's seed only, not on the batch it is in.
            assertTrue(samePixels(control.images().get(i), setup.controlFor(List.of(seeds.get(i))).images().get(0)));
        }
        assertTrue(used.size() > 1, "eight seeds all chose the same exemplar");
        assertNotEquals(null, MethodHarness.sample(method, model, action, artifact, 3));
    }
}

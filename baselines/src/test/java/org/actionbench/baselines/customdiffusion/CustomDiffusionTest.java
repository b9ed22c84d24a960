package org.actionbench.baselines.customdiffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.actionbench.baselines.MethodHarness;
import org.actionbench.baselines.ModelSnapshot;
import org.actionbench.baselines.Recording;
import org.actionbench.baselines.TokenRows;
import org.actionbench.baselines.ToyAction;
import org.actionbench.baselines.common.ClassImages;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomDiffusionTest {
    static StableDiffusion model;
    static final ActionExamples ACTION = ToyAction.raiseOneArm();
    /** The reference's recipe (prior, flips, rescale) with few steps and two small class images. */
    static final Map<String, Object> QUICK = Map.of("steps", 3, "learningRate", 1e-3, "classImages", 2,
            "classSamplingSteps", 2, "checkpointEvery", 1);

    @BeforeAll
    static void build() {
        model = TinyModels.random(11);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void trainsExactlyTheCrossAttentionKeysValuesAndItsTokenThenSamples(@TempDir Path dir) throws Exception {
        CustomDiffusion method = new CustomDiffusion();
        ModelSnapshot before = ModelSnapshot.of(model);
        Artifact artifact = MethodHarness.train(method, model, ACTION, QUICK, dir, new Recording());
        assertEquals(List.of(), before.changed(ModelSnapshot.of(model)), "the shared model changed");
        TokenRows.assertRowsLearned(artifact, model, "ktn", 1, 32);
        // The K/V group, written out independently: attn2's to_k and to_v of the four cross-attention layers.
        Set<String> expected = new TreeSet<>();
        for (String layer : List.of("down_blocks.0.attentions.0", "mid_block.attentions.0", "up_blocks.1.attentions.0",
                "up_blocks.1.attentions.1")) {
            expected.add(layer + ".transformer_blocks.0.attn2.to_k.weight");
            expected.add(layer + ".transformer_blocks.0.attn2.to_v.weight");
        }
        Set<String> keys = new TreeSet<>(artifact.tensors().keySet());
        keys.remove("rows");
        assertEquals(expected, keys);
        for (String k : expected) {
            float[] tuned = artifact.tensor(k).toFloatArray();
            float[] frozen = before.values().get("unet." + k);
            assertFalse(Arrays.equals(tuned, frozen), k + " was not trained");
        }
        MethodHarness.sample(method, model, ACTION, artifact, 2);
        Path classes = ClassImages.directory(dir, ACTION, (ClassImages.Source) method.sharedClassImages(
                SettingsRecords.apply(method.defaults(), QUICK)).orElseThrow());
        assertTrue(Files.exists(classes.resolve("001.png")), "the class images are kept in the cell");
        assertFalse(Files.exists(classes.resolve("002.png")), "two class images were asked for");
    }

    @Test
    void resumedAfterACrashEndsBitIdentical(@TempDir Path a, @TempDir Path b) throws Exception {
        CustomDiffusion method = new CustomDiffusion();
        Artifact straight = MethodHarness.train(method, model, ACTION, QUICK, a, new Recording());
        Artifact resumed = MethodHarness.trainWithCrash(method, model, ACTION, QUICK, b, 2);
        for (String key : straight.tensors().keySet()) {
            assertArrayEquals(straight.tensor(key).toFloatArray(), resumed.tensor(key).toFloatArray(), key);
        }
    }

    @Test
    void learningRateIsScaledByTheBatchAndDoubledWithThePrior() {
        CustomDiffusionSettings d = CustomDiffusionSettings.DEFAULTS;
        assertEquals(1e-5, d.learningRate());
        assertEquals(4e-5, d.effectiveLearningRate(), 1e-20, "1e-5 × batch 2 × 2 with the prior");
        assertEquals(2e-5, SettingsRecords.apply(d, Map.of("priorPreservation", false)).effectiveLearningRate(),
                1e-20);
        assertEquals(1e-5, SettingsRecords.apply(d, Map.of("scaleLearningRate", false)).effectiveLearningRate(),
                1e-20);
        assertEquals(200, d.classImages());
        assertEquals(1.0, d.priorLossWeight());
        assertEquals(0.5, d.flipProbability());
        assertTrue(d.priorPreservation() && d.rescaleAugmentation());
    }
}

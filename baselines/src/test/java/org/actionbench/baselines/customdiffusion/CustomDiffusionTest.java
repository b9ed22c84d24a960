package org.actionbench.baselines.customdiffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomDiffusionTest {
    static StableDiffusion model;
    static final ActionExamples ACTION = ToyAction.raiseOneArm();

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
        Artifact artifact = MethodHarness.train(method, model, ACTION, Map.of("steps", 2, "learningRate", 1e-3), dir,
                new Recording());
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
    }
}

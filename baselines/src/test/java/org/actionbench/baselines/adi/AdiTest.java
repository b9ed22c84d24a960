package org.actionbench.baselines.adi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

class AdiTest {
    static StableDiffusion model;
    static final ActionExamples ACTION = ToyAction.raiseOneArm();
    static final int LAYERS = 4;
    static final int D = 32;
    /** One token of the tiny model's vocabulary, so the starting row is exactly that token's embedding. */
    static final String WORD = "man";

    @BeforeAll
    static void build() {
        model = TinyModels.random(9);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Map<String, Object> quick(Object... pairs) {
        Map<String, Object> m = new HashMap<>(Map.of("steps", 2, "dreamboothSteps", 2, "actionDifferentPerExemplar", 2,
                "samplingSteps", 2, "checkpointEvery", 1, "initializerWord", WORD));
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Channels of the learned rows that differ from the initializer embedding. */
    static int changedChannels(Artifact artifact) {
        assertEquals(1, model.promptEncoder().tokenizer().encode(WORD).length);
        float[] init = TokenRows.initial(model, WORD);
        float[] rows = artifact.tensor("rows").toFloatArray();
        int changed = 0;
        for (int i = 0; i < rows.length; i++) {
            changed += Float.floatToRawIntBits(rows[i]) != Float.floatToRawIntBits(init[i % D]) ? 1 : 0;
        }
        return changed;
    }

    /** Channels of the learned rows whose bits equal {@code expected} (per channel of a row). */
    static int channelsEqualTo(Artifact artifact, float[] expected) {
        float[] rows = artifact.tensor("rows").toFloatArray();
        int equal = 0;
        for (int i = 0; i < rows.length; i++) {
            equal += Float.floatToRawIntBits(rows[i]) == Float.floatToRawIntBits(expected[i % D]) ? 1 : 0;
        }
        return equal;
    }

    @Test
    void trainsPerLayerTokensFromTriplesAndSamples(@TempDir Path dir) throws Exception {
        Adi method = new Adi();
        ModelSnapshot before = ModelSnapshot.of(model);
        Recording log = new Recording();
        Artifact artifact = MethodHarness.train(method, model, ACTION, quick("steps", 1), dir, log);
        assertEquals(List.of(), before.changed(ModelSnapshot.of(model)), "frozen weights changed");
        assertArrayEquals(new long[] {LAYERS, 1, D}, artifact.tensor("rows").getShape().getShape());
        // The action-different images were generated once per exemplar and kept in the cell.
        for (int k = 0; k < 2; k++) {
            assertTrue(Files.exists(dir.resolve("action-different/" + k + "/001.png")));
        }
        Map<String, Double> m = log.steps.get(0);
        double keptByBoth = m.get(Adi.KEPT_BY_BOTH);
        assertTrue(keptByBoth >= 0 && keptByBoth <= 0.4 + 1e-9, "both masks keep at most 1 − β: " + keptByBoth);
        assertEquals(m.get(Adi.KEPT), keptByBoth, 1e-12, "intersection: kept = kept by both");
        // Each context mask keeps 32 − round(0.6 · 32) = 13 of a token's 32 channels.
        assertEquals(keptByBoth * D / 13, m.get(Adi.OVERLAP_RATE), 1e-12);
        // maskedUpdate: gradient (the default). After one step a masked channel has a zero gradient and zero
        // moments, so AdamW only decays it: θ·(1 − γλ) in float32, bit for bit; kept channels move further.
        float[] init = TokenRows.initial(model, WORD);
        float decay = (float) (1 - AdiSettings.DEFAULTS.learningRate() * AdiSettings.DEFAULTS.weightDecay());
        float[] decayed = new float[D];
        for (int i = 0; i < D; i++) {
            decayed[i] = init[i] * decay;
        }
        long kept = Math.round(m.get(Adi.KEPT) * LAYERS * D);
        assertTrue(kept > 0);
        assertEquals(LAYERS * D - kept, channelsEqualTo(artifact, decayed), "masked channels only decayed");
        assertEquals(LAYERS * D, changedChannels(artifact), "every channel moved, the masked ones by decay");
        MethodHarness.sample(method, model, ACTION, artifact, 4);
    }

    @Test
    void freezeLeavesMaskedChannelsBitIdentical(@TempDir Path dir) throws Exception {
        Recording log = new Recording();
        Artifact artifact = MethodHarness.train(new Adi(), model, ACTION, quick("steps", 1, "maskedUpdate", "freeze"),
                dir, log);
        // After one step exactly the kept channels moved; masked ones are bit-identical to the start.
        long kept = Math.round(log.steps.get(0).get(Adi.KEPT) * LAYERS * D);
        assertTrue(kept > 0);
        assertEquals(kept, changedChannels(artifact));
    }

    @Test
    void withoutMasksEveryChannelLearnsAndNoOtherImageIsNeeded(@TempDir Path dir) throws Exception {
        AdiSettings s = org.actionbench.engine.method.SettingsRecords.apply(AdiSettings.DEFAULTS,
                Map.of("masks", "none"));
        assertTrue(!s.needsContextDifferent() && !s.needsActionDifferent());
        Recording log = new Recording();
        Artifact artifact = MethodHarness.train(new Adi(), model, ACTION,
                quick("steps", 1, "masks", "none", "maskedUpdate", "freeze"), dir, log);
        assertEquals(Map.of(Adi.KEPT, 1.0), without(log.steps.get(0), "loss"));
        // Even with freeze (which would hold a masked channel still) every channel moved.
        assertEquals(LAYERS * D, changedChannels(artifact));
        assertTrue(!Files.exists(dir.resolve("action-different")), "no one-shot DreamBooth ran");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.actionbench.engine.method.SettingsRecords.apply(AdiSettings.DEFAULTS,
                        Map.of("masks", "none", "strategy", "max")));
        assertTrue(e.getMessage().contains("'masks'") && e.getMessage().contains("max"), e.getMessage());
    }

    private static Map<String, Double> without(Map<String, Double> metrics, String key) {
        Map<String, Double> out = new HashMap<>(metrics);
        out.remove(key);
        return out;
    }

    @Test
    void singleMaskKeepsExactlyOneMinusBeta(@TempDir Path dir) throws Exception {
        // round(0.6 · 32) = 19 masked, 13 kept per layer, whichever channels the gradients pick.
        Artifact a = MethodHarness.train(new Adi(), model, ACTION,
                quick("steps", 1, "masks", "context-only", "maskedUpdate", "freeze"), dir, new Recording());
        assertEquals(LAYERS * 13, changedChannels(a));
        Artifact r = MethodHarness.train(new Adi(), model, ACTION,
                quick("steps", 1, "masks", "context-only", "reversed", true, "maskedUpdate", "freeze"),
                dir.resolve("reversed"), new Recording());
        assertEquals(LAYERS * 19, changedChannels(r));
        Artifact shared = MethodHarness.train(new Adi(), model, ACTION,
                quick("steps", 1, "layerWise", false, "strategy", "max", "maskedUpdate", "freeze"), dir.resolve("shared"),
                new Recording());
        assertArrayEquals(new long[] {1, D}, shared.tensor("rows").getShape().getShape());
        assertEquals(13, changedChannels(shared));
    }

    @Test
    void preCapturedActionDifferentImagesReplaceTheDreamBooths(@TempDir Path dir, @TempDir Path captured)
            throws Exception {
        for (int k = 0; k < 2; k++) {
            org.actionbench.engine.image.Images.writePng(ToyAction.of(
                    org.actionbench.mini.world.PoseFamily.SQUAT, 2).exemplars().get(k).image(),
                    captured.resolve(ACTION.actionId() + "/" + k + "/squat.png"));
        }
        Recording log = new Recording();
        MethodHarness.train(new Adi(), model, ACTION, quick("steps", 1, "actionDifferentImages", captured.toString()),
                dir, log);
        assertTrue(log.steps.get(0).containsKey(Adi.KEPT_BY_BOTH));
        assertTrue(!Files.exists(dir.resolve("action-different")), "nothing was generated");
        Path missing = captured.resolve("none");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> MethodHarness.train(new Adi(), model, ACTION,
                        quick("steps", 1, "actionDifferentImages", missing.toString()), dir.resolve("x"),
                        new Recording()));
        assertTrue(e.getMessage().contains("actionDifferentImages") && e.getMessage().contains(missing.toString()),
                e.getMessage());
    }

    @Test
    void resumedAfterACrashEndsBitIdentical(@TempDir Path a, @TempDir Path b) throws Exception {
        Map<String, Object> settings = quick("steps", 3);
        Artifact straight = MethodHarness.train(new Adi(), model, ACTION, settings, a, new Recording());
        Artifact resumed = MethodHarness.trainWithCrash(new Adi(), model, ACTION, settings, b, 2);
        assertArrayEquals(straight.tensor("rows").toFloatArray(), resumed.tensor("rows").toFloatArray());
    }
}

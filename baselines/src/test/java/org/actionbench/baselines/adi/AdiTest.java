package org.actionbench.baselines.adi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.actionbench.engine.method.BenchMaterial;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.actionbench.mini.world.PoseFamily;
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
        // Their one-shot DreamBooths (2 steps each) were reported as the work before training, step by step.
        assertEquals(List.of("one-shot DreamBooth 1/2: 1/2", "one-shot DreamBooth 1/2: 2/2",
                "one-shot DreamBooth 2/2: 1/2", "one-shot DreamBooth 2/2: 2/2"), log.preparing);
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
    void theBenchsActionDifferentImagesReplaceTheDreamBoothsByDefault(@TempDir Path dir) throws Exception {
        ActionExamples rendered = ToyAction.withActionDifferentRenders(PoseFamily.RAISE_ONE_ARM, 2);
        AdiSettings auto = SettingsRecords.apply(AdiSettings.DEFAULTS, Map.of());
        assertEquals(ActionDifferentSource.BENCH, new Adi().resolveFor(new BenchMaterial(true), auto)
                .actionDifferentSource());
        // The pool is each exemplar's own renders, in the bench's order.
        List<List<java.awt.image.BufferedImage>> pools = ActionDifferentImages.fromBench(rendered);
        for (int k = 0; k < 2; k++) {
            assertEquals(List.copyOf(rendered.exemplars().get(k).actionDifferent().values()), pools.get(k));
        }
        Recording log = new Recording();
        MethodHarness.train(new Adi(), model, rendered, quick("steps", 1), dir.resolve("auto"), log);
        assertTrue(log.steps.get(0).containsKey("keptByBoth"), "the action mask was computed");
        assertTrue(!Files.exists(dir.resolve("auto/action-different")), "nothing was generated");
        // Asked to generate, ADI ignores the renders and runs its one-shot DreamBooths.
        MethodHarness.train(new Adi(), model, rendered, quick("steps", 1, "actionDifferentSource", "generate"),
                dir.resolve("generate"), new Recording());
        assertTrue(Files.exists(dir.resolve("generate/action-different/1/001.png")));
        // Asked for the bench's images where there are none: one message naming the exemplar.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodHarness.train(new Adi(),
                model, ACTION, quick("steps", 1, "actionDifferentSource", "bench"), dir.resolve("none"),
                new Recording()));
        assertTrue(e.getMessage().contains("exemplar 0 of action 'raise-one-arm' has no action-different images"),
                e.getMessage());
    }

    @Test
    void theSourceIsDecidedBeforeTheRunAndContradictionsAreRefused() {
        AdiSettings auto = AdiSettings.DEFAULTS;
        assertEquals(ActionDifferentSource.AUTO, auto.actionDifferentSource());
        assertEquals(ActionDifferentSource.GENERATE, new Adi().resolveFor(BenchMaterial.EXEMPLARS_ONLY, auto)
                .actionDifferentSource());
        AdiSettings captured = SettingsRecords.apply(auto, Map.of("actionDifferentImages", "/data/captured"));
        assertEquals(ActionDifferentSource.DIRECTORY, new Adi().resolveFor(new BenchMaterial(true), captured)
                .actionDifferentSource(), "a directory the user names wins over the bench's images");
        AdiSettings generate = SettingsRecords.apply(auto, Map.of("actionDifferentSource", "generate"));
        assertEquals(generate, new Adi().resolveFor(new BenchMaterial(true), generate), "an explicit source stays");
        assertEquals("generate", SettingsRecords.toMap(generate).get("actionDifferentSource"));
        IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class,
                () -> SettingsRecords.apply(auto, Map.of("actionDifferentSource", "directory")));
        assertTrue(noDir.getMessage().contains("'actionDifferentImages' names no directory"), noDir.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> SettingsRecords.apply(auto,
                Map.of("actionDifferentSource", "bench", "actionDifferentImages", "/data/captured")));
        assertTrue(both.getMessage().contains("only read with actionDifferentSource directory or auto, but it is bench"),
                both.getMessage());
    }

    @Test
    void theOneShotDreamBoothsInstancePromptIsASetting(@TempDir Path dir) throws Exception {
        ActionExamples.Exemplar exemplar = ACTION.exemplars().get(0);
        AdiSettings words = AdiSettings.DEFAULTS;
        AdiSettings identifier = SettingsRecords.apply(words, Map.of("dreamboothInstancePrompt", "identifier"));
        assertEquals(exemplar.prompt(ACTION.description()), ActionDifferentImages.instancePrompt(exemplar, ACTION, words));
        assertEquals(exemplar.prompt("sks"), ActionDifferentImages.instancePrompt(exemplar, ACTION, identifier));
        // The prompt reaches the DreamBooth: with a learning rate that moves the UNet visibly in two steps, the
        // generated images differ between the two prompts and not between two runs with the same one.
        byte[][] images = new byte[3][];
        String[] prompts = {"action-words", "identifier", "action-words"};
        for (int i = 0; i < 3; i++) {
            Path cell = dir.resolve(i + "-" + prompts[i]);
            MethodHarness.train(new Adi(), model, ACTION, quick("steps", 1, "actionDifferentSource", "generate",
                    "dreamboothLearningRate", 1e-2, "dreamboothInstancePrompt", prompts[i]), cell, new Recording());
            images[i] = Files.readAllBytes(cell.resolve("action-different/0/000.png"));
        }
        assertArrayEquals(images[0], images[2], "same settings, same image");
        assertTrue(!java.util.Arrays.equals(images[0], images[1]), "the instance prompt changed nothing");
    }

    @Test
    void resumedAfterACrashEndsBitIdentical(@TempDir Path a, @TempDir Path b) throws Exception {
        Map<String, Object> settings = quick("steps", 3);
        Artifact straight = MethodHarness.train(new Adi(), model, ACTION, settings, a, new Recording());
        Artifact resumed = MethodHarness.trainWithCrash(new Adi(), model, ACTION, settings, b, 2);
        assertArrayEquals(straight.tensor("rows").toFloatArray(), resumed.tensor("rows").toFloatArray());
    }
}

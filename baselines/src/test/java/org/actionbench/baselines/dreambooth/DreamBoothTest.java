package org.actionbench.baselines.dreambooth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.actionbench.baselines.MethodHarness;
import org.actionbench.baselines.ModelSnapshot;
import org.actionbench.baselines.Recording;
import org.actionbench.baselines.ToyAction;
import org.actionbench.baselines.common.ClassImages;
import org.actionbench.baselines.customdiffusion.CustomDiffusion;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DreamBoothTest {
    static StableDiffusion model;
    static final ActionExamples ACTION = ToyAction.raiseOneArm();

    @BeforeAll
    static void build() {
        model = TinyModels.random(12);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void fineTunesTheUNetOnlyWithPriorPreservationThenSamples(@TempDir Path dir) throws Exception {
        DreamBooth method = new DreamBooth();
        ModelSnapshot before = ModelSnapshot.of(model);
        Recording log = new Recording();
        Artifact artifact = MethodHarness.train(method, model, ACTION,
                Map.of("steps", 2, "learningRate", 1e-3, "classImages", 2, "classSamplingSteps", 2), dir, log);
        assertEquals(List.of(), before.changed(ModelSnapshot.of(model)), "the shared model changed");
        assertTrue(Files.exists(ClassImages.directory(dir, ACTION, classImages(method, Map.of("classImages", 2,
                "classSamplingSteps", 2))).resolve("001.png")), "class images are kept in the cell");
        // Every tensor of the artifact is a UNet tensor, all of them are there, and the trained ones moved;
        // nothing of the text encoder or the VAE is in it.
        var unetKeys = model.unet().namedParameters().keySet();
        assertEquals(unetKeys, artifact.tensors().keySet());
        int changed = 0;
        for (String k : unetKeys) {
            changed += Arrays.equals(artifact.tensor(k).toFloatArray(), before.values().get("unet." + k)) ? 0 : 1;
        }
        assertTrue(changed > unetKeys.size() / 2, "only " + changed + " of " + unetKeys.size() + " UNet tensors moved");
        assertEquals("a panda sks", method.prompt("a panda", ACTION, artifact));
        assertEquals(2, log.steps.size());
        MethodHarness.sample(method, model, ACTION, artifact, 6);
    }

    /** The source of {@code method}'s class images with {@code overrides}. */
    static <S extends Record> ClassImages.Source classImages(Method<S> method, Map<String, Object> overrides) {
        return (ClassImages.Source) method.sharedClassImages(SettingsRecords.apply(method.defaults(), overrides))
                .orElseThrow();
    }

    @Test
    void dreamBoothAndCustomDiffusionOfOneRunGenerateAnActionsClassImagesOnce(@TempDir Path run) throws Exception {
        Map<String, Object> classes = Map.of("classImages", 2, "classSamplingSteps", 2);
        ClassImages.Source source = classImages(new DreamBooth(), classes);
        assertEquals(source, classImages(new CustomDiffusion(), classes), "the published settings agree");
        Path shared = run.resolve("shared");
        Recording first = new Recording();
        MethodHarness.train(new DreamBooth(), model, ACTION, with(classes, "steps", 1), run.resolve("db"), shared,
                first);
        assertEquals(2, first.lines.stream().filter(l -> l.startsWith("class-images image")).count(), first.lines.toString());
        Path dir = ClassImages.directory(shared, ACTION, source);
        byte[] made = Files.readAllBytes(dir.resolve("001.png"));
        Recording second = new Recording();
        MethodHarness.train(new CustomDiffusion(), model, ACTION, with(classes, "steps", 1), run.resolve("cd"),
                shared, second);
        assertEquals(List.of(), second.lines.stream().filter(l -> l.startsWith("class-images image")).toList(),
                "Custom Diffusion generated class images again");
        assertArrayEquals(made, Files.readAllBytes(dir.resolve("001.png")));
        try (var sets = Files.list(shared.resolve(ClassImages.DIRECTORY))) {
            assertEquals(1, sets.count(), "one set of class images in the run");
        }
        // Another source (a different seed) is another set.
        assertNotEquals(source, classImages(new CustomDiffusion(), with(classes, "seed", 1)));
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}

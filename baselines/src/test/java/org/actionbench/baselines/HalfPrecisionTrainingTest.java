package org.actionbench.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.actionbench.baselines.adi.Adi;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.TokenTraining;
import org.actionbench.baselines.textualinversion.TextualInversion;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.Gradients;
import org.actionbench.engine.weights.DType;
import org.actionbench.engine.weights.SafetensorsFile;
import org.actionbench.engine.weights.TensorInfo;
import org.actionbench.mini.model.TinyModels;
import org.actionbench.mini.world.PoseFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed precision as {@code precision: fp16} runs it, on the CPU through the engine (the run itself refuses fp16 on
 * a CPU): each method's frozen components in float16, what it trains in float32.
 */
class HalfPrecisionTrainingTest {
    static final double UNIT_ROUNDOFF = Math.pow(2, -11);
    static Path snapshot;
    static StableDiffusion full;

    @BeforeAll
    static void build(@TempDir Path dir) throws Exception {
        snapshot = dir.resolve("tiny");
        try (StableDiffusion built = TinyModels.random(7)) {
            built.save(snapshot, DType.F32);
        }
        full = StableDiffusion.load(snapshot);
    }

    @AfterAll
    static void close() {
        full.close();
    }

    /** The model in the precisions {@code precision: fp16} gives a cell of {@code method} with {@code settings}. */
    static <S extends Record> StableDiffusion mixedFor(Method<S> method, S settings) throws Exception {
        StableDiffusion model = StableDiffusion.load(snapshot);
        model.usePrecisions(model.halfExcept(method.trainedComponents(settings)));
        return model;
    }

    @Test
    void theTableOfTrainedComponents() {
        Map<String, Set<ModelComponent>> table = new LinkedHashMap<>();
        for (Method<?> m : Methods.all()) {
            table.put(m.id(), trained(m, Map.of()));
        }
        Set<ModelComponent> text = Set.of(ModelComponent.TEXT_ENCODER);
        Set<ModelComponent> textAndUnet = Set.of(ModelComponent.TEXT_ENCODER, ModelComponent.UNET);
        Map<String, Set<ModelComponent>> expected = new LinkedHashMap<>();
        expected.put("stable-diffusion", Set.of());
        expected.put("controlnet", Set.of());
        expected.put("dreambooth", Set.of(ModelComponent.UNET));
        expected.put("textual-inversion", text);
        expected.put("reversion", text);
        expected.put("custom-diffusion", textAndUnet);
        expected.put("p-plus", text);
        expected.put("adi", textAndUnet); // auto may generate
        assertEquals(expected, table);
        Method<?> adi = new Adi();
        assertEquals(text, trained(adi, Map.of("actionDifferentSource", "bench")));
        assertEquals(text, trained(adi, Map.of("actionDifferentSource", "directory", "actionDifferentImages", "/x")));
        assertEquals(textAndUnet, trained(adi, Map.of("actionDifferentSource", "generate")));
    }

    static <S extends Record> Set<ModelComponent> trained(Method<S> m, Map<String, Object> overrides) {
        return m.trainedComponents(SettingsRecords.apply(m.defaults(), overrides));
    }

    /**
     * Every method trains one step and samples with its frozen components in float16: a method declaring too little
     * would hand AdamW a float16 tensor, which it refuses, or feed float16 rows to the float32 side.
     */
    @Test
    void everyMethodTrainsAndSamplesWithItsFrozenComponentsInHalf(@TempDir Path dir) throws Exception {
        Map<String, Map<String, Object>> quick = new LinkedHashMap<>();
        quick.put("stable-diffusion", Map.of());
        quick.put("controlnet", Map.of());
        quick.put("dreambooth", Map.of("steps", 1, "classImages", 2, "classSamplingSteps", 2));
        quick.put("textual-inversion", Map.of("steps", 1, "batchSize", 2, "gradientAccumulation", 1));
        quick.put("reversion", Map.of("steps", 1, "gradientAccumulation", 1, "numPositives", 2));
        quick.put("custom-diffusion", Map.of("steps", 1, "classImages", 2, "classSamplingSteps", 2));
        quick.put("p-plus", Map.of("steps", 1, "batchSize", 2));
        quick.put("adi", Map.of("steps", 1, "actionDifferentSource", "bench"));
        ActionExamples action = ToyAction.withActionDifferentRenders(PoseFamily.RAISE_ONE_ARM, 2);
        for (Method<?> m : Methods.all()) {
            trainAndSample(m, quick.get(m.id()), action, dir.resolve(m.id()));
        }
        Map<String, Object> generate = Map.of("steps", 1, "actionDifferentSource", "generate", "dreamboothSteps", 1,
                "actionDifferentPerExemplar", 1, "samplingSteps", 2);
        trainAndSample(new Adi(), generate, ToyAction.raiseOneArm(), dir.resolve("adi-generate"));
    }

    static <S extends Record> void trainAndSample(Method<S> method, Map<String, Object> overrides,
            ActionExamples action, Path dir) throws Exception {
        S settings = SettingsRecords.apply(method.defaults(), overrides);
        try (StableDiffusion model = mixedFor(method, settings)) {
            Set<ModelComponent> trained = method.trainedComponents(settings);
            for (ModelComponent c : model.precisions().keySet()) {
                assertEquals(trained.contains(c) ? DataType.FLOAT32 : DataType.FLOAT16,
                        model.component(c).orElseThrow().dataType(), method.id() + " " + c.id());
            }
            Artifact artifact = method.train(action, model, settings, new TrainingContext(dir, new Recording()));
            for (Map.Entry<String, NDArray> e : artifact.tensors().entrySet()) {
                assertEquals(DataType.FLOAT32, e.getValue().getDataType(), method.id() + " artifact " + e.getKey());
                for (float v : e.getValue().toFloatArray()) {
                    assertTrue(Float.isFinite(v), method.id() + " artifact " + e.getKey() + " not finite");
                }
            }
            MethodHarness.sample(method, model, action, artifact, 5);
        }
    }

    /**
     * Textual Inversion's gradient through a float16 UNet and VAE reaches the float32 row as float32, close to the
     * all-float32 gradient; the optimiser's moments stay float32. Tolerance, as in the engine's HalfPrecisionTest:
     * 3·L·u per network of L parameter-holding layers, once for the VAE's encoding of the latents, twice for the UNet
     * (its forward pass perturbs the residual, its backward pass rounds the gradient on the way back).
     */
    @Test
    void aTokenGradientThroughHalfPrecisionIsCloseToTheFloat32OneAndTheOptimiserStaysFloat32(@TempDir Path dir)
            throws Exception {
        TextualInversion method = new TextualInversion();
        var settings = method.defaults();
        ActionExamples action = ToyAction.raiseOneArm();
        float[] exact = rowGradient(full, action);
        float[] approx;
        double tolerance;
        try (StableDiffusion mixed = mixedFor(method, settings)) {
            approx = rowGradient(mixed, action);
            tolerance = 3 * UNIT_ROUNDOFF * (full.vae().layerCount() + 2 * full.unet().layerCount());
            Artifact artifact = method.train(action, mixed, SettingsRecords.apply(settings,
                    Map.of("steps", 1, "batchSize", 2, "checkpointEvery", 1)), new TrainingContext(dir, new Recording()));
            assertEquals(DataType.FLOAT32, artifact.tensor(TokenTraining.ROWS).getDataType());
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < exact.length; i++) {
            diff += (approx[i] - (double) exact[i]) * (approx[i] - (double) exact[i]);
            norm += (double) exact[i] * exact[i];
        }
        double error = Math.sqrt(diff / norm);
        System.out.printf("token gradient through fp16 UNet and VAE: relative L2 error %.3g, tolerance %.3g%n", error,
                tolerance);
        assertTrue(error > 0 && error <= tolerance, "relative error " + error + ", tolerance " + tolerance);
        try (SafetensorsFile checkpoint = SafetensorsFile.open(dir.resolve(TrainingContext.CHECKPOINT_FILE))) {
            Set<String> kinds = new HashSet<>();
            for (TensorInfo t : checkpoint.tensors()) {
                assertEquals(DType.F32, t.dtype(), t.name());
                kinds.add(t.name().substring(0, t.name().indexOf('/') + 1));
            }
            assertEquals(Set.of("param/", "adam_m/", "adam_v/"), kinds, "the row and both AdamW moments, in F32");
        }
    }

    /** d(ε-MSE)/d(row) of one fixed batch (exemplars, timesteps and noise from fixed seeds), loss-scaled in fp16. */
    static float[] rowGradient(StableDiffusion model, ActionExamples action) {
        try (NDManager work = model.manager().newSubManager();
                TokenTraining training = new TokenTraining(model, action, "<action>", "pose", false,
                        new DenoisingObjective(model), work)) {
            assertEquals(DataType.FLOAT32, training.rows().getDataType());
            try (StepScope s = StepScope.open(work, model.arrays(), List.of(training.rows()))) {
                Gradients g = Gradients.compute(training.trainable(), s.manager(),
                        () -> training.loss(s.manager(), new int[] {0, 1}, 3, 0, "fp16"),
                        Gradients.lossScaleFor(model.arrays())); // as TrainingLoop.meanGradients scales it
                NDArray rows = g.byName().get(TokenTraining.ROWS);
                assertEquals(DataType.FLOAT32, rows.getDataType());
                return rows.toFloatArray();
            }
        }
    }

}

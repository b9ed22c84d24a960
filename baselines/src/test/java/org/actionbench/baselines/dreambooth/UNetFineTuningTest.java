package org.actionbench.baselines.dreambooth;

import static org.actionbench.baselines.Float32Bounds.gamma;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.baselines.Float32Bounds;
import org.actionbench.baselines.ToyAction;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.ExemplarLatents;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.ParameterOverrides;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.train.TrainingLoop;
import org.actionbench.mini.model.TinyModels;
import org.actionbench.mini.world.PoseFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DreamBooth's step with prior preservation computed as one batch (instance and class images together, as
 * train_dreambooth.py concatenates them) gives the gradient of the two halves computed in passes of their own,
 * within float32 rounding.
 */
class UNetFineTuningTest {
    static final long STEP = 7;
    static final double PRIOR_WEIGHT = 0.7;
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
    void oneBatchOfInstanceAndClassImagesGivesTheGradientOfTwoPasses() {
        for (int batch : new int[] {1, 2}) {
            UNetFineTuning.Spec spec = new UNetFineTuning.Spec(3, 1, 1, batch, AdamWConfig.defaults(1e-4), 1.0,
                    Path.of("unused"), Map.of());
            ActionExamples instanceAction = ToyAction.of(PoseFamily.KICK, 3);
            ActionExamples classAction = ToyAction.of(PoseFamily.SIT, 3);
            try (NDManager m = model.manager().newSubManager()) {
                Map<String, NDArray> copies = UNetFineTuning.trainableCopies(model, m);
                UNetFineTuning.Images instance = images(instanceAction, m);
                UNetFineTuning.Images classes = images(classAction, m);
                DenoisingObjective objective = new DenoisingObjective(model);
                try (ParameterOverrides swapped = ParameterOverrides.apply(model.unet(), copies)) {
                    Map<String, float[]> onePass = gradients(m, copies, (micro, scope) -> UNetFineTuning.stepLoss(model,
                            objective, instance, classes, PRIOR_WEIGHT, spec, STEP, scope));
                    Map<String, float[]> twoPasses = gradients(m, copies, (micro, scope) -> UNetFineTuning.partLoss(model,
                            objective, instance, spec, STEP, "instance", scope).add(Functional.mulScalar(
                            UNetFineTuning.partLoss(model, objective, classes, spec, STEP, "class", scope),
                            (float) PRIOR_WEIGHT)));
                    Map<String, float[]> instanceOnly = gradients(m, copies, (micro, scope) -> UNetFineTuning.stepLoss(
                            model, objective, instance, null, 0, spec, STEP, scope));
                    // Float32 error analysis: every gradient element comes from at most D = 64 sequential
                    // reductions (text encoder, UNet and their backward, counted generously for the tiny model),
                    // each of at most n = 512 terms; batching the halves changes an element by at most 2·D·γ_n of
                    // the size of the terms it sums, bounded by the largest gradient element of the two passes.
                    double scale = maxAbs(twoPasses);
                    double tolerance = 2 * 64 * gamma(512) * scale;
                    double difference = maxAbsDifference(onePass, twoPasses);
                    assertTrue(difference <= tolerance, "batch " + batch + ": one pass vs two: " + difference + " > "
                            + tolerance);
                    // Not vacuous: the prior half moves the gradient far beyond the tolerance, so a half drawn from
                    // the wrong stream, weighted wrongly or left out would fail.
                    double prior = maxAbsDifference(instanceOnly, twoPasses);
                    assertTrue(prior > 100 * tolerance, "batch " + batch + ": the prior term barely matters: " + prior);
                }
            }
        }
    }

    private static UNetFineTuning.Images images(ActionExamples action, NDManager m) {
        List<BufferedImage> images = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        for (ActionExamples.Exemplar e : action.exemplars()) {
            images.add(e.image());
            prompts.add(e.prompt("sks"));
        }
        return new UNetFineTuning.Images(new ExemplarLatents(model, images, m), prompts);
    }

    private static Map<String, float[]> gradients(NDManager m, Map<String, NDArray> trainable,
            TrainingLoop.MicroBatchLoss loss) {
        try (NDManager step = m.newSubManager()) {
            TrainingLoop.MeanGradients g = TrainingLoop.meanGradients(step, model.arrays(), trainable, 1, loss);
            Map<String, float[]> out = new LinkedHashMap<>();
            g.gradients().forEach((k, v) -> out.put(k, v.toFloatArray()));
            return out;
        }
    }

    private static double maxAbs(Map<String, float[]> gradients) {
        return gradients.values().stream().mapToDouble(Float32Bounds::maxAbs).max().orElse(0);
    }

    private static double maxAbsDifference(Map<String, float[]> a, Map<String, float[]> b) {
        return a.keySet().stream().mapToDouble(k -> Float32Bounds.maxAbsDifference(a.get(k), b.get(k))).max()
                .orElse(0);
    }
}

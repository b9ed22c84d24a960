package org.actionbench.baselines.adi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.baselines.ToyAction;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.TokenTraining;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.Gradients;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batched triple against three separate passes, each the plain ε-MSE of one image through the trainable
 * rows themselves (what ADI computed before the batching).
 *
 * <p>Tolerance: both compute the same real-number gradient and differ only in summation order. A float32
 * reduction of n terms is off by at most γ_n = n·u/(1 − n·u), u = 2⁻²⁴, of the sum of its terms' magnitudes,
 * in any order, with or without FMA, at any vector width (Higham, Accuracy and Stability of Numerical
 * Algorithms, §3.1). The longest reduction of the tiny model is below n = 4096 terms, and we take the
 * terms' magnitudes on the path to v to be no larger than max|g| (no catastrophic cancellation), so the two
 * results differ by at most 2·γ_4096·max|g| ≈ 4.9·10⁻⁴·max|g| (measured here: under 30·u·max|g| ≈
 * 1.8·10⁻⁶·max|g|). The test also checks that the images' own gradients differ from each other by far more
 * than that, so a batch that mixed them up could not pass.
 */
class TripleGradientsTest {
    static final double U = Math.ulp(1f) / 2;
    static StableDiffusion model;
    static final ActionExamples ACTION = ToyAction.raiseOneArm();

    @BeforeAll
    static void build() {
        model = TinyModels.random(9);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void batchedGradientsAreEachImagesOwn(boolean perLayer) {
        long seed = 5;
        try (NDManager work = model.manager().newSubManager();
                TokenTraining training = new TokenTraining(model, ACTION, "<action>", "man", perLayer,
                        new DenoisingObjective(model), work);
                NDManager m = work.newSubManager()) {
            String prompt = training.prompts(new int[] {0}).get(0);
            int count = training.latents().count();
            List<TripleGradients.LatentSource> images = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                int exemplar = k % count;
                String stream = "image" + k;
                images.add(sm -> training.latents(sm, new int[] {exemplar}, seed, 0, stream));
            }
            NDArray anchor = images.get(0).latents(m);
            DenoisingObjective.Draw draw = training.objective().draw(anchor, seed, 0, "triple");
            TripleGradients.Result batched = TripleGradients.compute(training, m, prompt, draw, images);

            for (int k = 0; k < 3; k++) {
                TripleGradients.LatentSource image = images.get(k);
                float[] alone;
                float lossAlone;
                try (StepScope scope = StepScope.open(m, training.frozen(), List.of(training.rows()))) {
                    NDManager sm = scope.manager();
                    NDArray noise = draw.noise().duplicate();
                    noise.attach(sm);
                    Gradients g = Gradients.compute(training.trainable(), sm,
                            () -> training.objective().loss(image.latents(sm),
                                    new DenoisingObjective.Draw(draw.timesteps(), noise),
                                    training.condition(sm, List.of(prompt))));
                    alone = g.byName().get(TokenTraining.ROWS).toFloatArray();
                    lossAlone = g.loss();
                }
                float[] together = batched.values(k);
                double scale = 0;
                for (float a : alone) {
                    scale = Math.max(scale, Math.abs(a));
                }
                assertTrue(scale > 0, "image " + k + ": the gradient vanishes");
                double tolerance = 2 * gamma(4096) * scale;
                for (int i = 0; i < alone.length; i++) {
                    assertEquals(alone[i], together[i], tolerance, "image " + k + " channel " + i);
                }
                assertEquals(lossAlone, batched.losses()[k], 2 * gamma(4096) * lossAlone, "image " + k + " loss");
                for (int j = 0; j < k; j++) {
                    double apart = 0;
                    float[] other = batched.values(j);
                    for (int i = 0; i < alone.length; i++) {
                        apart = Math.max(apart, Math.abs(together[i] - other[i]));
                    }
                    assertTrue(apart > 10 * tolerance, "images " + j + " and " + k + " differ by " + apart
                            + ", not enough above the tolerance " + tolerance + " to tell a mix-up");
                }
            }
        }
    }
}

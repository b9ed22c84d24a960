package org.actionbench.baselines.textualinversion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.actionbench.baselines.ToyAction;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.TokenTraining;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.vae.LatentDistribution;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Textual Inversion's horizontal flip (the reference's {@code flip_p}): what latents the model is trained on, per
 * training image, against latents encoded here independently from the image or its mirror, pixel by pixel.
 */
class TrainingImageFlipTest {
    static StableDiffusion model;
    static final ActionExamples ACTION = ToyAction.raiseOneArm();
    static final long SEED = 5;
    static final long STEP = 3;
    static final String STREAM = "micro0";
    /**
     * Both sides run the same float32 VAE ops on the same pixels in batches of one; only the order in which the
     * tiny encoder sums its few hundred terms of size ≤ ~1 could differ, bounded by a few hundred × 6e-8 ≈ 2e-5.
     * Mirrored and original latents differ by O(0.1–1), so the bound cannot confuse them.
     */
    static final double TOLERANCE = 1e-4;

    @BeforeAll
    static void build() {
        model = TinyModels.random(21);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void probabilityOneTrainsOnTheMirroredImageAndZeroOnTheOriginal() {
        int[] exemplars = {0, 1, 1, 0};
        try (NDManager m = model.manager().newSubManager()) {
            float[][] always = rows(latents(1.0, exemplars, m));
            float[][] never = rows(latents(0.0, exemplars, m));
            float[][] mirrored = expected(exemplars, new boolean[] {true, true, true, true}, m);
            float[][] original = expected(exemplars, new boolean[] {false, false, false, false}, m);
            for (int k = 0; k < exemplars.length; k++) {
                assertArrayEquals(mirrored[k], always[k], (float) TOLERANCE, "p = 1, image " + k);
                assertArrayEquals(original[k], never[k], (float) TOLERANCE, "p = 0, image " + k);
                assertTrue(maxDifference(mirrored[k], original[k]) > 100 * TOLERANCE,
                        "the exemplar looks the same mirrored; the test could not tell the two apart");
            }
        }
    }

    @Test
    void eachTrainingImageIsFlippedOnItsOwnFromTheSeed() {
        int[] exemplars = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        try (NDManager m = model.manager().newSubManager()) {
            float[][] half = rows(latents(0.5, exemplars, m));
            boolean[] none = new boolean[exemplars.length];
            boolean[] all = new boolean[exemplars.length];
            java.util.Arrays.fill(all, true);
            float[][] mirrored = expected(exemplars, all, m);
            float[][] original = expected(exemplars, none, m);
            int flipped = 0;
            for (int k = 0; k < exemplars.length; k++) {
                boolean isMirrored = maxDifference(mirrored[k], half[k]) <= TOLERANCE;
                boolean isOriginal = maxDifference(original[k], half[k]) <= TOLERANCE;
                assertTrue(isMirrored != isOriginal, "image " + k + " is neither the image nor its mirror");
                flipped += isMirrored ? 1 : 0;
            }
            assertTrue(flipped > 0 && flipped < exemplars.length, flipped + " of 12 images flipped at p = 0.5");
            assertArrayEquals(flatten(half), flatten(rows(latents(0.5, exemplars, m))), "the same draw twice");
        }
    }

    @Test
    void theSettingDefaultsToTheReferencesHalfAndIsChecked() {
        assertEquals(0.5, TextualInversionSettings.DEFAULTS.flipProbability());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SettingsRecords.apply(TextualInversionSettings.DEFAULTS, Map.of("flipProbability", 1.5)));
        assertTrue(e.getMessage().contains("flipProbability"), e.getMessage());
    }

    private static NDArray latents(double flipProbability, int[] exemplars, NDManager m) {
        try (TokenTraining training = new TokenTraining(model, ACTION, "<action>", "pose", false,
                new DenoisingObjective(model), flipProbability, m)) {
            NDArray x = training.latents(m, exemplars, SEED, STEP, STREAM).duplicate();
            x.attach(m);
            return x;
        }
    }

    /**
     * The scripts' latents, computed here: the image (mirrored when asked) in [−1, 1], encoded, sampled as
     * mean + std · ε with ε drawn image after image from the generator the training uses, scaled.
     */
    private static float[][] expected(int[] exemplars, boolean[] mirror, NDManager m) {
        RandomGenerator random = Seeds.derive(SEED, "latents/" + STREAM, STEP);
        float[][] out = new float[exemplars.length][];
        for (int k = 0; k < exemplars.length; k++) {
            BufferedImage image = ACTION.exemplars().get(exemplars[k]).image();
            assertEquals(model.defaultResolution(), image.getWidth(), "the toy exemplars are at the model's size");
            BufferedImage pixels = mirror[k] ? mirrorByHand(image) : image;
            LatentDistribution d = model.vae().encode(Images.toSignedTensor(m, List.of(pixels)));
            float[] mean = d.mean().toFloatArray();
            float[] std = d.std().toFloatArray();
            float[] eps = Seeds.gaussian(m, d.mean().getShape(), random).toFloatArray();
            assertTrue(model.vae().config().shiftFactor() == null, "the tiny VAE has no shift factor");
            float scale = model.vae().scalingFactor();
            out[k] = new float[mean.length];
            for (int i = 0; i < mean.length; i++) {
                out[k][i] = (mean[i] + std[i] * eps[i]) * scale;
            }
        }
        return out;
    }

    private static BufferedImage mirrorByHand(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(x, y, image.getRGB(image.getWidth() - 1 - x, y));
            }
        }
        return out;
    }

    private static float[][] rows(NDArray batch) {
        int n = (int) batch.getShape().get(0);
        float[] all = batch.toFloatArray();
        int per = all.length / n;
        float[][] out = new float[n][];
        for (int k = 0; k < n; k++) {
            out[k] = java.util.Arrays.copyOfRange(all, k * per, (k + 1) * per);
        }
        return out;
    }

    private static float[] flatten(float[][] rows) {
        int per = rows[0].length;
        float[] out = new float[rows.length * per];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(rows[k], 0, out, k * per, per);
        }
        return out;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}

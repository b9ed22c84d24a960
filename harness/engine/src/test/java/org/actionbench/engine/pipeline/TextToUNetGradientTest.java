package org.actionbench.engine.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.actionbench.engine.nn.FiniteDifferences;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.unet.Conditioning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The path every token-learning method differentiates: placeholder row → CLIP text encoder → UNet →
 * ε-MSE. Its gradient with respect to the row is checked against central finite differences, with the
 * tolerance of {@link FiniteDifferences}.
 */
class TextToUNetGradientTest {
    static final int HIDDEN = 32;
    static StableDiffusion model;
    static PromptEncoder encoder;
    static float[] noise;

    @BeforeAll
    static void build() throws Exception {
        model = TinyStableDiffusion.build(11, 16, HIDDEN);
        ClipTokenizer tokenizer = model.promptEncoder().tokenizer().withoutPlaceholders();
        tokenizer.addPlaceholder("<action>", 1);
        encoder = new PromptEncoder(tokenizer, model.promptEncoder().textModel());
        try (NDManager m = model.manager().newSubManager()) {
            noise = Seeds.gaussian(m, new Shape(1, 4, 8, 8), new SplittableRandom(2)).toFloatArray();
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The UNet's ε prediction for the prompt with the placeholder row. */
    private static NDArray prediction(NDManager m, NDArray row, boolean perLayer) {
        NDArray x = Seeds.gaussian(m, new Shape(1, 4, 8, 8), new SplittableRandom(1));
        String prompt = "a photo of a man <action> in a park";
        Conditioning c;
        if (perLayer) {
            // The same row in every layer, but through the per-layer path P+ and ADI use.
            int layers = model.unet().crossAttentionLayers();
            c = PromptConditioner.perLayer(encoder, row.expandDims(0).repeat(0, layers)).condition(m, List.of(prompt));
        } else {
            c = Conditioning.shared(encoder.encode(m, List.of(prompt), row));
        }
        return model.unet().forward(x, m.create(new long[] {400}), c);
    }

    @Test
    void placeholderGradientMatchesFiniteDifferences() {
        for (boolean perLayer : new boolean[] {false, true}) {
            float[] start = new float[HIDDEN];
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < HIDDEN; i++) {
                start[i] = (float) r.nextGaussian();
            }
            float[] grad;
            try (NDManager m = model.manager().newSubManager()) {
                NDArray row = m.create(start, new Shape(1, HIDDEN));
                row.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray d = prediction(m, row, perLayer).sub(m.create(noise, new Shape(1, 4, 8, 8)));
                    gc.backward(d.mul(d).mean());
                }
                grad = row.getGradient().toFloatArray();
            }
            int[] channels = IntStream.range(0, HIDDEN / 3 + 1).map(k -> 3 * k).toArray();
            FiniteDifferences.assertGradient(grad, start, channels, 0.1, values -> {
                try (NDManager m = model.manager().newSubManager()) {
                    float[] eps = prediction(m, m.create(values, new Shape(1, HIDDEN)), perLayer).toFloatArray();
                    return FiniteDifferences.Evaluation.meanSquaredError(eps, noise);
                }
            }, perLayer ? "per-layer" : "shared");
        }
    }
}

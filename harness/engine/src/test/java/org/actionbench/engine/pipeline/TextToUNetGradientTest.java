package org.actionbench.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.train.Seeds;
import org.actionbench.engine.unet.Conditioning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The path every token-learning method differentiates: placeholder row → CLIP text encoder → UNet →
 * ε-MSE. Its gradient with respect to the row is checked against central finite differences.
 */
class TextToUNetGradientTest {
    static final int HIDDEN = 32;
    static StableDiffusion model;
    static PromptEncoder encoder;

    @BeforeAll
    static void build() throws Exception {
        model = TinyStableDiffusion.build(11, 16, HIDDEN);
        ClipTokenizer tokenizer = model.promptEncoder().tokenizer().withoutPlaceholders();
        tokenizer.addPlaceholder("<action>", 1);
        encoder = new PromptEncoder(tokenizer, model.promptEncoder().textModel());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static NDArray loss(NDManager m, NDArray row, boolean perLayer) {
        NDArray x = Seeds.gaussian(m, new Shape(1, 4, 8, 8), new SplittableRandom(1));
        NDArray noise = Seeds.gaussian(m, new Shape(1, 4, 8, 8), new SplittableRandom(2));
        String prompt = "a photo of a man <action> in a park";
        Conditioning c;
        if (perLayer) {
            // The same row in every layer, but through the per-layer path P+ and ADI use.
            int layers = model.unet().crossAttentionLayers();
            c = PromptConditioner.perLayer(encoder, row.expandDims(0).repeat(0, layers)).condition(m, List.of(prompt));
        } else {
            c = Conditioning.shared(encoder.encode(m, List.of(prompt), row));
        }
        NDArray eps = model.unet().forward(x, m.create(new long[] {400}), c);
        NDArray d = eps.sub(noise);
        return d.mul(d).mean();
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
                    gc.backward(loss(m, row, perLayer));
                }
                grad = row.getGradient().toFloatArray();
            }
            double scale = 0;
            for (float g : grad) {
                scale = Math.max(scale, Math.abs(g));
            }
            assertTrue(scale > 0, "no gradient reached the placeholder row");
            double h = 1e-2;
            for (int i = 0; i < HIDDEN; i += 3) {
                float[] plus = start.clone();
                float[] minus = start.clone();
                plus[i] += (float) h;
                minus[i] -= (float) h;
                double fd;
                try (NDManager m = model.manager().newSubManager()) {
                    double lp = loss(m, m.create(plus, new Shape(1, HIDDEN)), perLayer).getFloat();
                    double lm = loss(m, m.create(minus, new Shape(1, HIDDEN)), perLayer).getFloat();
                    fd = (lp - lm) / ((double) plus[i] - minus[i]);
                }
                assertEquals(fd, grad[i], 2e-3 * scale + 1e-6, (perLayer ? "per-layer" : "shared") + " channel " + i);
            }
        }
    }
}

package org.actionbench.baselines.adi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.TokenTraining;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.train.Gradients;
import org.actionbench.engine.unet.Conditioning;

/**
 * ∂L/∂v (Eq. 2, 3, 6) for each image of ADI's sample triple — the anchor, then the context-different and the
 * action-different image when the masks need them — in one batched forward/backward pass instead of one
 * pass per image (issue 17: the UNet works on a batch of three for little more than the time of one).
 *
 * <p>Every image is denoised under the anchor's prompt with the anchor's timestep and noise, so the
 * gradients differ by the image alone. Each image reads its own copy of the identifier rows, and the
 * batch's loss is the sum of the images' own losses: image k's loss depends on copy k only, so the gradient
 * reaching copy k is exactly image k's gradient. It equals the gradient of a pass of image k by itself up to
 * float32 rounding, since the batched kernels sum in another order.
 */
final class TripleGradients {
    private static final String COPIES = "copies";

    private TripleGradients() {
    }

    /** Clean latents [1, C, H, W] of one image of the batch, made in the pass's manager. */
    @FunctionalInterface
    interface LatentSource {
        NDArray latents(NDManager m);
    }

    /**
     * @param gradients [n, rows…] in the step's manager: entry k is image k's gradient, of the rows' shape
     * @param values the same, read out
     * @param losses each image's loss
     */
    record Result(NDArray gradients, float[] values, float[] losses) {
        /** Image k's gradient as an array of the rows' shape. */
        NDArray gradient(int k) {
            return gradients.get(k);
        }

        /** Image k's gradient, read out. */
        float[] values(int k) {
            int size = values.length / losses.length;
            return Arrays.copyOfRange(values, k * size, (k + 1) * size);
        }
    }

    /**
     * The gradients of {@code images} under {@code prompt} and the anchor's {@code draw} (one timestep, noise
     * of one image), arrays in {@code m}.
     */
    static Result compute(TokenTraining training, NDManager m, String prompt, DenoisingObjective.Draw draw,
            List<LatentSource> images) {
        int n = images.size();
        if (draw.timesteps().length != 1) {
            throw new IllegalArgumentException("the triple shares one draw of one image, got "
                    + draw.timesteps().length + " timesteps");
        }
        NDArray rows = training.rows();
        try (StepScope scope = StepScope.open(m, training.frozen(), List.of(rows))) {
            NDManager sm = scope.manager();
            NDArray copies = NDArrays.stack(new NDList(Collections.nCopies(n, rows.stopGradient())));
            copies.setRequiresGradient(true);
            float[][] losses = new float[1][];
            Gradients g = Gradients.compute(Map.of(COPIES, copies), m, () -> {
                NDList latents = new NDList();
                for (LatentSource image : images) {
                    latents.add(image.latents(sm));
                }
                NDArray x0 = NDArrays.concat(latents);
                long[] timesteps = new long[n];
                Arrays.fill(timesteps, draw.timesteps()[0]);
                NDArray noise = draw.noise().duplicate();
                noise.attach(sm);
                NDArray noises = NDArrays.concat(new NDList(Collections.nCopies(n, noise)));
                NDArray perImage = training.objective().perSampleLoss(x0,
                        new DenoisingObjective.Draw(timesteps, noises), conditioning(training, sm, prompt, copies));
                losses[0] = perImage.toFloatArray();
                return perImage.sum();
            }, Gradients.lossScaleFor(training.frozen()));
            NDArray gradients = g.byName().get(COPIES);
            return new Result(gradients, gradients.toFloatArray(), losses[0]);
        }
    }

    /** Batch entry k conditioned on {@code prompt} with rows {@code copies[k]} ([n, L, 1, d] or [n, 1, d]). */
    private static Conditioning conditioning(TokenTraining training, NDManager m, String prompt, NDArray copies) {
        Shape s = copies.getShape();
        int n = (int) s.get(0);
        if (!training.perLayer()) {
            return Conditioning.shared(training.encoder().encode(m, Collections.nCopies(n, prompt), copies));
        }
        // One text-encoder batch of n·L prompts, entry k·L + l with copy k's layer-l rows.
        int layers = (int) s.get(1);
        NDArray flat = copies.reshape(n * layers, s.get(2), s.get(3));
        NDArray encoded = training.encoder().encode(m, Collections.nCopies(n * layers, prompt), flat);
        Shape e = encoded.getShape();
        NDArray byLayer = encoded.reshape(n, layers, e.get(1), e.get(2)).transpose(1, 0, 2, 3);
        List<NDArray> contexts = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            contexts.add(byLayer.get(l));
        }
        return Conditioning.perLayer(contexts);
    }
}

package org.actionbench.baselines.customdiffusion;

import ai.djl.ndarray.NDArray;
import org.actionbench.engine.nn.Functional;

/**
 * Custom Diffusion's training loss, as its reference computes it ({@code train_custom_diffusion.py}): per instance
 * image, the squared error times the image's mask [1, h, w], summed, divided by the mask's sum, then averaged over
 * the batch; with prior preservation, plus the weight times the plain mean squared error of the class images,
 * which follow the instance images in the batch. The mask has one channel and the error C, so the instance term
 * sums the channels: it is C times a per-element mean (4× for Stable Diffusion). That is the reference's
 * arithmetic, kept because it sets how much the prior term weighs against the instance term.
 */
final class CustomDiffusionLoss {
    private CustomDiffusionLoss() {
    }

    /**
     * @param squaredError [B, C, h, w] for B instance images, or [2B, C, h, w] with the class images after them
     * @param instanceMask [B, 1, h, w], 1 where the instance loss counts
     * @param priorWeight the prior-preservation weight (unused without class images)
     */
    static NDArray of(NDArray squaredError, NDArray instanceMask, double priorWeight) {
        long instances = instanceMask.getShape().get(0);
        long rows = squaredError.getShape().get(0);
        if (rows != instances && rows != 2 * instances) {
            throw new IllegalArgumentException(rows + " error rows for " + instances + " instance masks");
        }
        NDArray instance = rows == instances ? squaredError : squaredError.get("0:" + instances);
        NDArray perImage = instance.mul(instanceMask).sum(new int[] {1, 2, 3});
        // An image with no valid cell (possible only on a latent grid of a few cells, never at SD's 64 or the
        // mini model's 16) would divide 0 by 0; it contributes 0 instead.
        NDArray cells = instanceMask.sum(new int[] {1, 2, 3}).maximum(1f);
        NDArray loss = perImage.div(cells).mean();
        if (rows == instances) {
            return loss;
        }
        NDArray prior = squaredError.get(instances + ":").mean();
        return loss.add(Functional.mulScalar(prior, (float) priorWeight));
    }
}

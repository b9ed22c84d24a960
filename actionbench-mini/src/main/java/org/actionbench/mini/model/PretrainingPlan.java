package org.actionbench.mini.model;

/**
 * How the bundled mini model is pretrained: three stages on fresh renders of the ActionBench-Mini world
 * (the corpus is procedural, so no image is seen twice). Each value here is recorded in the snapshot's
 * provenance file; {@link #DEFAULT} is what the committed snapshot was trained with.
 *
 * @param vaeSteps autoencoder steps (reconstruction + a small KL term)
 * @param unetSteps text encoder + UNet steps, trained together on the ε-prediction loss
 * @param minSnrGamma the UNet loss weights each image by min(SNR(t), γ) / SNR(t) (Min-SNR-γ, Hang et al. 2023),
 *     which stops the nearly noise-free timesteps from dominating and speeds convergence; 0 = unweighted
 * @param emaDecay the snapshot keeps an exponential moving average of the text encoder and UNet weights with
 *     this decay (after diffusers' warm-up); 0 = the raw weights
 * @param controlSteps ControlNet steps on skeleton maps, UNet and text encoder frozen
 * @param actionWordShare share of captions that name the action (the rest leave the pose to the image)
 * @param captionDropout share of captions replaced by "" so classifier-free guidance has an unconditional model
 */
public record PretrainingPlan(long seed, int batch, int vaeSteps, double vaeLearningRate, double klWeight,
        int unetSteps, double unetLearningRate, int warmupSteps, double minSnrGamma, double emaDecay,
        double actionWordShare, double captionDropout, int controlSteps, double controlLearningRate,
        int checkpointEvery) {

    public static final PretrainingPlan DEFAULT = new PretrainingPlan(2024, 24, 1200, 1e-3, 1e-5,
            6000, 5e-4, 200, 5.0, 0.999, 0.8, 0.1, 200, 1e-4, 50);

    public PretrainingPlan {
        if (batch < 1 || vaeSteps < 0 || unetSteps < 0 || controlSteps < 0 || checkpointEvery < 1) {
            throw new IllegalArgumentException("batch and checkpointEvery must be positive, steps non-negative");
        }
        if (minSnrGamma < 0 || emaDecay < 0 || emaDecay >= 1) {
            throw new IllegalArgumentException("minSnrGamma must be >= 0 and emaDecay in [0, 1)");
        }
    }

    /** The same plan with every stage's step count multiplied by {@code factor} (at least one step each). */
    public PretrainingPlan scaled(double factor) {
        return new PretrainingPlan(seed, batch, scale(vaeSteps, factor), vaeLearningRate, klWeight,
                scale(unetSteps, factor), unetLearningRate, Math.min(warmupSteps, scale(unetSteps, factor)),
                minSnrGamma, emaDecay, actionWordShare, captionDropout, scale(controlSteps, factor),
                controlLearningRate, checkpointEvery);
    }

    public PretrainingPlan withBatch(int newBatch) {
        return new PretrainingPlan(seed, newBatch, vaeSteps, vaeLearningRate, klWeight, unetSteps, unetLearningRate,
                warmupSteps, minSnrGamma, emaDecay, actionWordShare, captionDropout, controlSteps,
                controlLearningRate, checkpointEvery);
    }

    private static int scale(int steps, double factor) {
        return steps == 0 ? 0 : Math.max(1, (int) Math.round(steps * factor));
    }
}

package org.actionbench.engine.train;

/**
 * Hyper-parameters of {@link AdamW}, named as in {@code torch.optim.AdamW(lr, betas=(beta1, beta2), eps,
 * weight_decay)}. The defaults of {@link #defaults(double)} are torch.optim.AdamW's documented ones:
 * β1 0.9, β2 0.999, eps 1e-8, weight decay 1e-2 (torch's plain Adam defaults weight decay to 0, so a
 * method ported from a script that uses Adam must say so explicitly).
 *
 * @param learningRate γ, the step size; > 0
 * @param beta1 decay of the first moment, in [0, 1)
 * @param beta2 decay of the second moment, in [0, 1)
 * @param eps added to the bias-corrected root of the second moment, ≥ 0
 * @param weightDecay λ of the decoupled decay θ ← θ(1 − γλ), ≥ 0
 */
public record AdamWConfig(double learningRate, double beta1, double beta2, double eps, double weightDecay) {

    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

    public AdamWConfig {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("AdamW learning rate must be a positive number, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("AdamW beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamW beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("AdamW eps must be a non-negative number, got " + eps);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("AdamW weight decay must be a non-negative number, got " + weightDecay);
        }
    }

    /** torch.optim.AdamW's defaults with the given learning rate. */
    public static AdamWConfig defaults(double learningRate) {
        return new AdamWConfig(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
    }

    public AdamWConfig withLearningRate(double newLearningRate) {
        return new AdamWConfig(newLearningRate, beta1, beta2, eps, weightDecay);
    }

    public AdamWConfig withWeightDecay(double newWeightDecay) {
        return new AdamWConfig(learningRate, beta1, beta2, eps, newWeightDecay);
    }
}

package org.actionbench.engine.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.Seeds;

/**
 * The diagonal Gaussian an {@link AutoencoderKL} encodes an image into (diffusers'
 * {@code DiagonalGaussianDistribution}): the encoder's {@code 2·L} output channels are the mean and the log
 * variance, the latter clamped to [−30, 20] so that {@code exp} neither underflows to a zero deviation nor
 * overflows.
 */
public final class LatentDistribution {
    /** diffusers' clamp of the log variance. */
    public static final float LOGVAR_MIN = -30f;
    public static final float LOGVAR_MAX = 20f;

    private final NDArray mean;
    private final NDArray logvar;

    /** moments {@code [B, 2L, h, w]}: channels 0..L−1 the mean, L..2L−1 the (unclamped) log variance. */
    public LatentDistribution(NDArray moments) {
        Shape s = moments.getShape();
        if (s.dimension() != 4 || s.get(1) % 2 != 0) {
            throw new IllegalArgumentException("latent moments must be [B, 2·latent_channels, h, w], got " + s);
        }
        NDArray[] halves = moments.split(2, 1).toArray(new NDArray[0]);
        this.mean = halves[0];
        // clip passes its bounds to the native op as scalars, so it is safe on a differentiable path.
        this.logvar = halves[1].clip(LOGVAR_MIN, LOGVAR_MAX);
    }

    /** {@code [B, L, h, w]}; also the distribution's mode. */
    public NDArray mean() {
        return mean;
    }

    /** The clamped log variance, {@code [B, L, h, w]}. */
    public NDArray logvar() {
        return logvar;
    }

    /** exp(logvar / 2). */
    public NDArray std() {
        return Functional.mulScalar(logvar, 0.5f).exp();
    }

    /**
     * mean + std · ε with ε drawn from {@code random} on the Java side in row-major order
     * ({@link Seeds#gaussian}), so the sample depends only on the generator's state.
     */
    public NDArray sample(RandomGenerator random) {
        NDArray eps = Seeds.gaussian(mean.getManager(), mean.getShape(), random);
        return mean.add(std().mul(eps));
    }

    /** {@link #sample(RandomGenerator)} with a {@link SplittableRandom} seeded by {@code seed}. */
    public NDArray sample(long seed) {
        return sample(new SplittableRandom(seed));
    }
}

package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.schedulers.ForwardDiffusion;
import org.actionbench.engine.schedulers.TimestepDistribution;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.unet.Conditioning;
import org.actionbench.engine.unet.ControlResiduals;

/**
 * The denoising loss every trained method minimises (ADI Eq. 1): noise the clean latents to a drawn
 * timestep, let the UNet predict, and take the mean squared error against the schedule's target (ε for
 * SD 2.1-base), as {@code F.mse_loss(model_pred, target, reduction="mean")} in the diffusers scripts.
 */
public final class DenoisingObjective {
    private final StableDiffusion model;
    private final ForwardDiffusion forward;
    private final TimestepDistribution timesteps;

    /** With timesteps drawn uniformly from 0..N−1. */
    public DenoisingObjective(StableDiffusion model) {
        this(model, null);
    }

    /** With timesteps drawn from {@code distribution} (null: uniform). */
    public DenoisingObjective(StableDiffusion model, TimestepDistribution distribution) {
        this.model = model;
        this.forward = new ForwardDiffusion(model.noiseSchedule());
        this.timesteps = distribution == null
                ? TimestepDistribution.uniform(model.noiseSchedule().numTrainTimesteps()) : distribution;
    }

    public ForwardDiffusion forwardDiffusion() {
        return forward;
    }

    /** The noise ε and timesteps t of one batch, each from its own generator of (seed, purpose, step). */
    public record Draw(long[] timesteps, NDArray noise) {}

    /**
     * A draw for latents of {@code x0}'s shape at training step {@code step}; {@code stream} tells apart
     * several draws within one step (micro-batches, the class images of prior preservation).
     */
    public Draw draw(NDArray x0, long seed, long step, String stream) {
        RandomGenerator t = Seeds.derive(seed, "timesteps/" + stream, step);
        RandomGenerator n = Seeds.derive(seed, "noise/" + stream, step);
        long[] ts = forward.sampleTimesteps((int) x0.getShape().get(0), timesteps, t);
        return new Draw(ts, Seeds.gaussian(x0.getManager(), x0.getShape(), n));
    }

    /** Mean over every element of (prediction − target)², the UNet conditioned on {@code context}. */
    public NDArray loss(NDArray x0, Draw draw, Conditioning context) {
        return loss(x0, draw, context, null);
    }

    /** {@link #loss(NDArray, Draw, Conditioning)} with ControlNet residuals (or null). */
    public NDArray loss(NDArray x0, Draw draw, Conditioning context, ControlResiduals residuals) {
        return squaredError(x0, draw, context, residuals).mean();
    }

    /**
     * (prediction − target)² per element, [B, C, h, w], before any reduction ({@code reduction="none"}): for a
     * loss that weighs or masks its elements (Custom Diffusion's masked instance loss).
     */
    public NDArray squaredError(NDArray x0, Draw draw, Conditioning context) {
        return squaredError(x0, draw, context, null);
    }

    /**
     * Each sample's own mean squared error, [B]: summed, the gradient reaching a tensor that only sample b
     * reads is that of sample b's loss alone, as if it had been computed by itself (ADI's batched triple).
     */
    public NDArray perSampleLoss(NDArray x0, Draw draw, Conditioning context) {
        NDArray squared = squaredError(x0, draw, context, null);
        return squared.reshape(squared.getShape().get(0), -1).mean(new int[] {1});
    }

    private NDArray squaredError(NDArray x0, Draw draw, Conditioning context, ControlResiduals residuals) {
        NDManager m = x0.getManager();
        NDArray noisy = forward.addNoise(x0, draw.noise(), draw.timesteps());
        NDArray target = forward.trainingTarget(x0, draw.noise(), draw.timesteps());
        NDArray prediction = model.unet().forward(noisy, ForwardDiffusion.timestepArray(m, draw.timesteps()),
                context, residuals);
        NDArray d = prediction.sub(target);
        return d.mul(d);
    }
}

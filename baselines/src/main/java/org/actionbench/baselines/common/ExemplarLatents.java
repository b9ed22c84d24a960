package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.vae.AutoencoderKL;
import org.actionbench.engine.vae.LatentDistribution;

/**
 * Training images in the UNet's latent space. The frozen VAE encodes each image once (mean and standard
 * deviation of its latent distribution); each training step then draws a fresh sample, as the diffusers
 * training scripts call {@code vae.encode(x).latent_dist.sample() * scaling_factor} every step, but from a
 * generator the caller derives from (seed, step) so a resumed run draws the same latents.
 */
public final class ExemplarLatents implements AutoCloseable {
    private final NDManager manager;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> stds = new ArrayList<>();
    private final float scalingFactor;
    private final Double shiftFactor;

    /** Encodes {@code images} (any size; center-cropped and resized to the model's resolution). */
    public ExemplarLatents(StableDiffusion model, List<BufferedImage> images, NDManager parent) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no training images");
        }
        this.manager = parent.newSubManager();
        AutoencoderKL vae = model.vae();
        this.scalingFactor = vae.scalingFactor();
        this.shiftFactor = vae.config().shiftFactor();
        int size = model.defaultResolution();
        for (BufferedImage image : images) {
            try (StepScope s = StepScope.open(manager, vae.arrays())) {
                NDArray pixels = Images.toSignedTensor(s.manager(), List.of(SquareImages.fit(image, size)));
                LatentDistribution d = vae.encode(pixels);
                NDArray mean = d.mean().duplicate();
                NDArray std = d.std().duplicate();
                mean.attach(manager);
                std.attach(manager);
                means.add(mean);
                stds.add(std);
            }
        }
    }

    public int count() {
        return means.size();
    }

    /**
     * Scaled latents [B, C, h, w] of the images at {@code indices}: mean + std · ε (ε from {@code random},
     * row-major), shifted and scaled as {@link AutoencoderKL#toLatents}. Created in {@code into}.
     */
    public NDArray sample(NDManager into, int[] indices, RandomGenerator random) {
        NDList parts = new NDList();
        for (int i : indices) {
            NDArray mean = means.get(i);
            NDArray eps = Seeds.gaussian(into, mean.getShape(), random);
            parts.add(eps.mul(stds.get(i)).add(mean));
        }
        NDArray z = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        if (shiftFactor != null) {
            z = z.sub(into.create(shiftFactor.floatValue()));
        }
        NDArray out = Functional.mulScalar(z, scalingFactor);
        out.attach(into);
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}

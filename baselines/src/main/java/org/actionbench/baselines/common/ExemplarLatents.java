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
 * generator the caller derives from (seed, step) so a resumed run draws the same latents. With mirrored
 * encodings, a step may take any image flipped left to right: the scripts flip the pixels before the VAE,
 * which is not the same as flipping a latent, so the mirror image is encoded too.
 */
public final class ExemplarLatents implements AutoCloseable {
    private final NDManager manager;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> stds = new ArrayList<>();
    private final List<NDArray> mirroredMeans = new ArrayList<>();
    private final List<NDArray> mirroredStds = new ArrayList<>();
    private final float scalingFactor;
    private final Double shiftFactor;

    /** Encodes {@code images} (any size; center-cropped and resized to the model's resolution). */
    public ExemplarLatents(StableDiffusion model, List<BufferedImage> images, NDManager parent) {
        this(model, images, false, parent);
    }

    /** As {@link #ExemplarLatents(StableDiffusion, List, NDManager)}, and each image's mirror when {@code mirrored}. */
    public ExemplarLatents(StableDiffusion model, List<BufferedImage> images, boolean mirrored, NDManager parent) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no training images");
        }
        this.manager = parent.newSubManager();
        AutoencoderKL vae = model.vae();
        this.scalingFactor = vae.scalingFactor();
        this.shiftFactor = vae.config().shiftFactor();
        int size = model.defaultResolution();
        for (BufferedImage image : images) {
            BufferedImage square = SquareImages.fit(image, size);
            encode(vae, square, means, stds);
            if (mirrored) {
                encode(vae, HorizontalFlips.mirror(square), mirroredMeans, mirroredStds);
            }
        }
    }

    private void encode(AutoencoderKL vae, BufferedImage square, List<NDArray> meansInto, List<NDArray> stdsInto) {
        try (StepScope s = StepScope.open(manager, vae.arrays())) {
            NDArray pixels = Images.toSignedTensor(s.manager(), List.of(square));
            LatentDistribution d = vae.encode(pixels);
            NDArray mean = d.mean().duplicate();
            NDArray std = d.std().duplicate();
            mean.attach(manager);
            std.attach(manager);
            meansInto.add(mean);
            stdsInto.add(std);
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
        return sample(into, indices, null, random);
    }

    /**
     * As {@link #sample(NDManager, int[], RandomGenerator)}, image k taken mirrored when {@code mirrored[k]}
     * ({@code mirrored} null: none); mirrored encodings must have been asked for.
     */
    public NDArray sample(NDManager into, int[] indices, boolean[] mirrored, RandomGenerator random) {
        if (mirrored != null && mirrored.length != indices.length) {
            throw new IllegalArgumentException(indices.length + " images but " + mirrored.length + " flip decisions");
        }
        NDList parts = new NDList();
        for (int k = 0; k < indices.length; k++) {
            boolean flip = mirrored != null && mirrored[k];
            if (flip && mirroredMeans.isEmpty()) {
                throw new IllegalStateException("these latents were encoded without their mirror images");
            }
            int i = indices[k];
            NDArray mean = (flip ? mirroredMeans : means).get(i);
            NDArray eps = Seeds.gaussian(into, mean.getShape(), random);
            parts.add(eps.mul((flip ? mirroredStds : stds).get(i)).add(mean));
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

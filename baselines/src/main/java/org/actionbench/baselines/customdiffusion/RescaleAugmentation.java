package org.actionbench.baselines.customdiffusion;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.actionbench.engine.image.Images;

/**
 * Custom Diffusion's resize augmentation of an instance image, as the reference's dataset makes it
 * ({@code CustomDiffusionDataset.__getitem__} and {@code preprocess} in diffusers'
 * {@code examples/custom_diffusion/train_custom_diffusion.py}, maintained with the authors): the image is
 * resized to a random side — with probability 0.66 uniformly in [size/3, size], else in
 * [⌊1.2·size⌋, ⌊1.4·size⌋) — and then, when it is no larger than the training resolution, placed at a random
 * position on a canvas of zeros (mid grey in [−1, 1]); when larger, a random size × size window of it is
 * cropped. A mask over the latent grid marks where the loss counts: the placed image shrunk by one latent cell
 * on every side, or the whole grid for a crop. The caption gets a prefix saying how far away the subject looks:
 * "a far away " or "very small " below 0.6·size, "zoomed in " or "close up " above size. Pure Java, so it can
 * be checked by hand.
 */
final class RescaleAugmentation {
    /** The reference's chance of shrinking (else enlarging). */
    static final double SHRINK_PROBABILITY = 0.66;
    static final List<String> FAR_PREFIXES = List.of("a far away ", "very small ");
    static final List<String> NEAR_PREFIXES = List.of("zoomed in ", "close up ");

    private RescaleAugmentation() {
    }

    /** The random choices for one image: its new side, the offset of the placement or crop, the caption prefix. */
    record Choice(int scale, int top, int left, String prefix) {}

    /** One augmented image: pixels [3, size, size] in [−1, 1], channel planes row-major, and the mask [h, w]. */
    record Placed(float[] pixels, float[] mask) {}

    /**
     * The choices in the reference's order of draws (after the flip): the side (unchanged when {@code rescale}
     * is off, as with {@code --noaug}), the offset, the prefix.
     */
    static Choice draw(int size, boolean rescale, RandomGenerator random) {
        int scale = size;
        if (rescale) {
            // numpy's randint(low, high) excludes high, as nextInt(origin, bound) does.
            scale = random.nextDouble() < SHRINK_PROBABILITY ? random.nextInt(size / 3, size + 1)
                    : random.nextInt((int) (1.2 * size), (int) (1.4 * size));
        }
        int outer = Math.max(size, scale);
        int inner = Math.min(size, scale);
        int top = random.nextInt(0, outer - inner + 1);
        int left = random.nextInt(0, outer - inner + 1);
        return new Choice(scale, top, left, prefix(scale, size, random));
    }

    /** The caption prefix for an image resized to {@code scale} (one more draw only when there is a choice). */
    static String prefix(int scale, int size, RandomGenerator random) {
        if (scale < 0.6 * size) {
            return FAR_PREFIXES.get(random.nextInt(FAR_PREFIXES.size()));
        }
        if (scale > size) {
            return NEAR_PREFIXES.get(random.nextInt(NEAR_PREFIXES.size()));
        }
        return "";
    }

    /**
     * Places {@code scaled} (choice.scale() pixels square) on the size × size canvas, or crops it, and makes the
     * mask over a latentSize × latentSize grid (one cell is size / latentSize pixels).
     */
    static Placed place(BufferedImage scaled, int size, int latentSize, Choice choice) {
        int scale = choice.scale();
        if (scaled.getWidth() != scale || scaled.getHeight() != scale) {
            throw new IllegalArgumentException("image is " + scaled.getWidth() + "x" + scaled.getHeight()
                    + ", the choice says " + scale + "x" + scale);
        }
        int factor = size / latentSize;
        int plane = size * size;
        float[] pixels = new float[3 * plane];
        float[] mask = new float[latentSize * latentSize];
        int[][] rgb = Images.rgbPlanes(scaled);
        if (scale > size) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int from = (y + choice.top()) * scale + x + choice.left();
                        pixels[c * plane + y * size + x] = signed(rgb[c][from]);
                    }
                }
            }
            Arrays.fill(mask, 1f);
        } else {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < scale; y++) {
                    for (int x = 0; x < scale; x++) {
                        int to = (y + choice.top()) * size + x + choice.left();
                        pixels[c * plane + to] = signed(rgb[c][y * scale + x]);
                    }
                }
            }
            // The reference's mask[top//f + 1 : (top + scale)//f - 1, left//f + 1 : (left + scale)//f - 1] = 1.
            int rowFrom = choice.top() / factor + 1;
            int rowTo = (choice.top() + scale) / factor - 1;
            int colFrom = choice.left() / factor + 1;
            int colTo = (choice.left() + scale) / factor - 1;
            for (int y = rowFrom; y < rowTo; y++) {
                for (int x = colFrom; x < colTo; x++) {
                    mask[y * latentSize + x] = 1f;
                }
            }
        }
        return new Placed(pixels, mask);
    }

    /** An 8-bit value in [−1, 1], as {@link Images#toSignedTensor} converts it (the reference: v / 127.5 − 1). */
    static float signed(int value) {
        return value / 255f * 2f - 1f;
    }
}

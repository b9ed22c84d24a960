package org.actionbench.baselines.common;

import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * Random horizontal flips of training images, as torchvision's {@code RandomHorizontalFlip(p)} makes them in
 * the reference scripts (Textual Inversion's {@code flip_p}, Custom Diffusion's {@code --hflip}): an image is
 * mirrored when a uniform draw in [0, 1) falls below p. The draws come from a generator the caller derives from
 * (seed, stream, step), so a resumed run flips the same images.
 */
public final class HorizontalFlips {
    private HorizontalFlips() {
    }

    /** One image's decision: p = 0 never flips, p = 1 always does. */
    public static boolean draw(double probability, RandomGenerator random) {
        return random.nextDouble() < probability;
    }

    /** {@code count} independent decisions, one per training image of a batch. */
    public static boolean[] draw(double probability, int count, RandomGenerator random) {
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
            out[i] = draw(probability, random);
        }
        return out;
    }

    /** The image mirrored left to right (a new RGB image; the argument is not changed). */
    public static BufferedImage mirror(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(w - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }
}

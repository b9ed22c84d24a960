package org.actionbench.baselines.common;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Images brought to the model's square resolution, as the training scripts' transforms do. */
public final class SquareImages {
    private SquareImages() {
    }

    /** How an image is resampled: PIL's BICUBIC (most diffusers scripts) or BILINEAR (Custom Diffusion's dataset). */
    public enum Resampling {
        BICUBIC(RenderingHints.VALUE_INTERPOLATION_BICUBIC),
        BILINEAR(RenderingHints.VALUE_INTERPOLATION_BILINEAR);

        private final Object hint;

        Resampling(Object hint) {
            this.hint = hint;
        }
    }

    /** Center square crop, resized to size × size (bicubic, as the diffusers scripts resize). */
    public static BufferedImage fit(BufferedImage image, int size) {
        return fit(image, size, Resampling.BICUBIC);
    }

    /** Center square crop, resized to size × size with {@code resampling}. */
    public static BufferedImage fit(BufferedImage image, int size, Resampling resampling) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w == size && h == size && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int side = Math.min(w, h);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, resampling.hint);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            int x = (w - side) / 2;
            int y = (h - side) / 2;
            g.drawImage(image, 0, 0, size, size, x, y, x + side, y + side, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}

package org.actionbench.mini.world;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

/**
 * Keypoints drawn the way ControlNet's OpenPose annotator draws a body, which is what an OpenPose ControlNet
 * expects as its condition: a black canvas; each bone a filled ellipse along it, in its palette colour at
 * 60% brightness; then each joint a filled disc in its full palette colour, later ones over earlier ones.
 * The palette is OpenPose's 18-colour hue ramp (red, orange, yellow, … magenta) as RGB; bone i and joint i
 * both take colour i, in {@link Skeleton#BONES} and {@link Joint} order. Like the annotator (OpenCV fills
 * without anti-aliasing) the shapes have hard edges, so every pixel is background or an exact palette colour.
 *
 * <p>Sizes: the annotator draws at 512 pixels with an ellipse half-width of 4 and a joint radius of 4; we
 * scale both with the resolution and keep at least 1 and 1.5 pixels so a 64×64 map still shows every bone.
 */
public final class SkeletonMap {
    /** OpenPose's body palette, RGB. */
    public static final int[][] OPENPOSE_COLORS = {
            {255, 0, 0}, {255, 85, 0}, {255, 170, 0}, {255, 255, 0}, {170, 255, 0}, {85, 255, 0},
            {0, 255, 0}, {0, 255, 85}, {0, 255, 170}, {0, 255, 255}, {0, 170, 255}, {0, 85, 255},
            {0, 0, 255}, {85, 0, 255}, {170, 0, 255}, {255, 0, 255}, {255, 0, 170}, {255, 0, 85}};

    /** The limb brightness of the annotator. */
    public static final double LIMB_BRIGHTNESS = 0.6;

    private SkeletonMap() {
    }

    /** The ellipse half-width of a bone, in pixels, at {@code resolution}. */
    public static double boneHalfWidth(int resolution) {
        return Math.max(1.0, 4.0 * resolution / 512);
    }

    /** The radius of a joint disc, in pixels, at {@code resolution}. */
    public static double jointRadius(int resolution) {
        return Math.max(1.5, 4.0 * resolution / 512);
    }

    /** The RGB of bone {@code i}: the palette colour at 60%, truncated as the annotator does. */
    public static int boneRgb(int i) {
        int[] c = OPENPOSE_COLORS[i];
        return rgb((int) (c[0] * LIMB_BRIGHTNESS), (int) (c[1] * LIMB_BRIGHTNESS), (int) (c[2] * LIMB_BRIGHTNESS));
    }

    /** The RGB of joint {@code j}: its full palette colour. */
    public static int jointRgb(Joint j) {
        int[] c = OPENPOSE_COLORS[j.ordinal()];
        return rgb(c[0], c[1], c[2]);
    }

    /** The map of {@code k} on a square canvas of {@code resolution} pixels. */
    public static BufferedImage draw(Keypoints k, int resolution) {
        if (resolution < 8) {
            throw new IllegalArgumentException("resolution must be at least 8 pixels, got " + resolution);
        }
        BufferedImage img = new BufferedImage(resolution, resolution, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, resolution, resolution);
            double half = boneHalfWidth(resolution);
            for (int i = 0; i < Skeleton.BONES.size(); i++) {
                Skeleton.Bone b = Skeleton.BONES.get(i);
                double x1 = k.x(b.from()) * resolution;
                double y1 = k.y(b.from()) * resolution;
                double x2 = k.x(b.to()) * resolution;
                double y2 = k.y(b.to()) * resolution;
                double len = Math.hypot(x2 - x1, y2 - y1);
                if (len < 1e-9) {
                    continue;
                }
                AffineTransform t = new AffineTransform();
                t.translate((x1 + x2) / 2, (y1 + y2) / 2);
                t.rotate(Math.atan2(y2 - y1, x2 - x1));
                g.setColor(new Color(boneRgb(i)));
                g.fill(t.createTransformedShape(new Ellipse2D.Double(-len / 2, -half, len, 2 * half)));
            }
            double r = jointRadius(resolution);
            for (Joint j : Joint.values()) {
                g.setColor(new Color(jointRgb(j)));
                g.fill(new Ellipse2D.Double(k.x(j) * resolution - r, k.y(j) * resolution - r, 2 * r, 2 * r));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }
}

package org.actionbench.mini.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The skeleton map against an independent rasterisation: every shape of the OpenPose drawing is modelled
 * here from its definition (a bone: an ellipse along it, half as long as the bone on its long axis, the
 * bone half-width on the other, at 60% of palette colour i; a joint: a disc in palette colour j), and each
 * pixel whose centre is clearly inside or outside every shape (farther than {@link #MARGIN} pixels from any
 * edge) must show the colour of the last shape covering it, or black.
 */
class SkeletonMapTest {
    private static final double MARGIN = 0.35;

    /** The OpenPose palette written out again, as RGB, to check the class's table. */
    private static final int[] PALETTE = {
            0xFF0000, 0xFF5500, 0xFFAA00, 0xFFFF00, 0xAAFF00, 0x55FF00, 0x00FF00, 0x00FF55, 0x00FFAA,
            0x00FFFF, 0x00AAFF, 0x0055FF, 0x0000FF, 0x5500FF, 0xAA00FF, 0xFF00FF, 0xFF00AA, 0xFF0055};

    /** The ellipse boundary sampled finely enough (0.11 px apart on a 70-px half-bone) for a 0.35 px margin. */
    private static final double[] COS = new double[4096];
    private static final double[] SIN = new double[4096];

    static {
        for (int i = 0; i < COS.length; i++) {
            COS[i] = Math.cos(2 * Math.PI * i / COS.length);
            SIN[i] = Math.sin(2 * Math.PI * i / COS.length);
        }
    }

    private interface Shape {
        /** Signed distance in pixels from the shape's edge, negative inside. */
        double distance(double x, double y);

        int rgb();
    }

    private record Disc(double cx, double cy, double r, int rgb) implements Shape {
        public double distance(double x, double y) {
            return Math.hypot(x - cx, y - cy) - r;
        }
    }

    private record Ellipse(double cx, double cy, double a, double b, double angle, int rgb) implements Shape {
        public double distance(double x, double y) {
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            double u = (x - cx) * c + (y - cy) * s;
            double v = -(x - cx) * s + (y - cy) * c;
            if (Math.abs(u) > a + 2 || Math.abs(v) > b + 2) {
                return 2;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < COS.length; i++) {
                double du = u - a * COS[i];
                double dv = v - b * SIN[i];
                best = Math.min(best, du * du + dv * dv);
            }
            best = Math.sqrt(best);
            boolean inside = (u * u) / (a * a) + (v * v) / (b * b) < 1;
            return inside ? -best : best;
        }
    }

    private static int dim(int rgb) {
        return ((int) (((rgb >> 16) & 255) * 0.6) << 16) | ((int) (((rgb >> 8) & 255) * 0.6) << 8) | (int) ((rgb & 255) * 0.6);
    }

    private static List<Shape> model(Keypoints k, int res) {
        double half = Math.max(1.0, 4.0 * res / 512);
        double r = Math.max(1.5, 4.0 * res / 512);
        int[][] bones = {{1, 2}, {1, 5}, {2, 3}, {3, 4}, {5, 6}, {6, 7}, {1, 8}, {8, 9}, {9, 10}, {1, 11}, {11, 12},
                {12, 13}, {1, 0}};
        List<Shape> shapes = new ArrayList<>();
        Joint[] js = Joint.values();
        for (int i = 0; i < bones.length; i++) {
            Joint p = js[bones[i][0]];
            Joint q = js[bones[i][1]];
            double x1 = k.x(p) * res;
            double y1 = k.y(p) * res;
            double x2 = k.x(q) * res;
            double y2 = k.y(q) * res;
            shapes.add(new Ellipse((x1 + x2) / 2, (y1 + y2) / 2, Math.hypot(x2 - x1, y2 - y1) / 2, half,
                    Math.atan2(y2 - y1, x2 - x1), dim(PALETTE[i])));
        }
        for (Joint j : js) {
            shapes.add(new Disc(k.x(j) * res, k.y(j) * res, r, PALETTE[j.ordinal()]));
        }
        return shapes;
    }

    /** Checks every clear pixel; returns how many were checked. */
    private static int check(Keypoints k, int res) {
        BufferedImage img = SkeletonMap.draw(k, res);
        assertEquals(res, img.getWidth());
        List<Shape> shapes = model(k, res);
        int checked = 0;
        int coloured = 0;
        for (int py = 0; py < res; py++) {
            pixel:
            for (int px = 0; px < res; px++) {
                double x = px + 0.5;
                double y = py + 0.5;
                int expected = 0;
                for (int i = shapes.size() - 1; i >= 0; i--) {
                    double d = shapes.get(i).distance(x, y);
                    if (Math.abs(d) < MARGIN) {
                        continue pixel;
                    }
                    if (d < 0) {
                        expected = shapes.get(i).rgb();
                        break;
                    }
                }
                int actual = img.getRGB(px, py) & 0xFFFFFF;
                assertEquals(Integer.toHexString(expected), Integer.toHexString(actual),
                        "pixel (" + px + ", " + py + ") at " + res + "px");
                checked++;
                if (expected != 0) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > 13, "too few coloured pixels checked: " + coloured);
        return checked;
    }

    @Test
    void paletteIsOpenPoses() {
        for (int i = 0; i < 13; i++) {
            assertEquals(dim(PALETTE[i]), SkeletonMap.boneRgb(i));
        }
        for (Joint j : Joint.values()) {
            assertEquals(PALETTE[j.ordinal()], SkeletonMap.jointRgb(j));
        }
        // Bone 0 (neck to right shoulder) is red at 60%: 255 * 0.6 = 153.
        assertEquals(0x990000, SkeletonMap.boneRgb(0));
    }

    @Test
    void mapMatchesKeypointsPixelByPixel() {
        int total = 0;
        int checked = 0;
        for (PoseFamily f : PoseFamily.values()) {
            for (int res : new int[] {64, 256}) {
                checked += check(f.sample(f.ordinal() * 7L + res).keypoints(), res);
                total += res * res;
            }
        }
        checked += check(PoseFamily.CHEER.sample(3).keypoints(), 512);
        total += 512 * 512;
        // Nearly every pixel is clear of an edge, so nearly the whole map is checked.
        assertTrue(checked > 0.97 * total, "only " + checked + " of " + total + " pixels were clear enough to check");
    }

    @Test
    void eachJointAndBoneShowsItsColourWhereNothingCoversIt() {
        // Spread-out keypoints at 256 px: every joint centre and every bone midpoint is clear of the others.
        Keypoints k = PoseFamily.ARMS_SIDEWAYS.sample(11).keypoints();
        int res = 256;
        BufferedImage img = SkeletonMap.draw(k, res);
        for (Joint j : Joint.values()) {
            assertEquals(Integer.toHexString(PALETTE[j.ordinal()]),
                    Integer.toHexString(img.getRGB((int) (k.x(j) * res), (int) (k.y(j) * res)) & 0xFFFFFF), j.toString());
        }
        for (int i = 0; i < Skeleton.BONES.size(); i++) {
            Skeleton.Bone b = Skeleton.BONES.get(i);
            double mx = (k.x(b.from()) + k.x(b.to())) / 2 * res;
            double my = (k.y(b.from()) + k.y(b.to())) / 2 * res;
            if (b.from() == Joint.NECK && (b.to() == Joint.RIGHT_HIP || b.to() == Joint.LEFT_HIP)) {
                continue; // the two neck-to-hip bones cross near their middles
            }
            assertEquals(Integer.toHexString(dim(PALETTE[i])), Integer.toHexString(img.getRGB((int) mx, (int) my) & 0xFFFFFF),
                    b.toString());
        }
        assertEquals(0, img.getRGB(0, 0) & 0xFFFFFF);
    }
}

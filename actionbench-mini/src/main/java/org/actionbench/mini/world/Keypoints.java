package org.actionbench.mini.world;

import java.util.Arrays;
import java.util.List;

/**
 * One position per {@link Joint}, in image coordinates normalised to the unit square: (0, 0) is the top-left
 * corner of the image, (1, 1) the bottom-right, y grows downwards. Normalised coordinates keep a pose
 * independent of the resolution it is drawn at. Immutable.
 */
public final class Keypoints {
    private final double[] xy;

    private Keypoints(double[] xy) {
        this.xy = xy;
    }

    /** {@code xy} = x0, y0, x1, y1, … in {@link Joint} order (copied). */
    public static Keypoints of(double... xy) {
        if (xy.length != 2 * Skeleton.JOINT_COUNT) {
            throw new IllegalArgumentException("keypoints need " + 2 * Skeleton.JOINT_COUNT
                    + " coordinates (x, y per joint), got " + xy.length);
        }
        for (double v : xy) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("keypoint coordinates must be finite: " + Arrays.toString(xy));
            }
        }
        return new Keypoints(xy.clone());
    }

    public double x(Joint j) {
        return xy[2 * j.ordinal()];
    }

    public double y(Joint j) {
        return xy[2 * j.ordinal() + 1];
    }

    /** x0, y0, x1, y1, … in {@link Joint} order (a copy). */
    public double[] toArray() {
        return xy.clone();
    }

    /** The coordinates as a list, rounded to 1e-4 (a 10000-pixel image's pixel), for JSON records. */
    public List<Double> toRoundedList() {
        return Arrays.stream(xy).map(v -> Math.round(v * 1e4) / 1e4).boxed().toList();
    }

    /** Scaled by {@code s} about the origin, then shifted by ({@code dx}, {@code dy}). */
    public Keypoints transformed(double s, double dx, double dy) {
        double[] out = new double[xy.length];
        for (int i = 0; i < xy.length; i += 2) {
            out[i] = xy[i] * s + dx;
            out[i + 1] = xy[i + 1] * s + dy;
        }
        return new Keypoints(out);
    }

    /**
     * Reflected about the vertical line x = {@code axis}, with left and right joints swapped so that a
     * front view keeps the character's right side on the image's left (the OpenPose convention); a pose
     * raising the right arm becomes the same pose raising the left arm.
     */
    public Keypoints mirrored(double axis) {
        double[] out = new double[xy.length];
        for (Joint j : Joint.values()) {
            Joint m = j.mirrored();
            out[2 * m.ordinal()] = 2 * axis - x(j);
            out[2 * m.ordinal() + 1] = y(j);
        }
        return new Keypoints(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Keypoints k && Arrays.equals(xy, k.xy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xy);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Keypoints[");
        for (Joint j : Joint.values()) {
            if (j.ordinal() > 0) {
                sb.append(", ");
            }
            sb.append(j.name().toLowerCase()).append(String.format(java.util.Locale.ROOT, "=(%.3f, %.3f)", x(j), y(j)));
        }
        return sb.append(']').toString();
    }
}

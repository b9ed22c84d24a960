package org.actionbench.mini.world;

/**
 * A distance between two poses that ignores where the body stands, how big it is and which way it faces:
 * each pose is centred on the mean of its keypoints and scaled to unit RMS radius, and the distance is the
 * RMS over joints of the distance between corresponding keypoints, the smaller of the two facings (the first
 * pose as is, or mirrored with left and right swapped). 0 for the same pose; about 1.4 for unrelated ones.
 */
public final class PoseDistance {
    private PoseDistance() {
    }

    public static double between(Keypoints a, Keypoints b) {
        double[] nb = normalised(b);
        return Math.min(rms(normalised(a), nb), rms(normalised(a.mirrored(0)), nb));
    }

    static double[] normalised(Keypoints k) {
        double[] xy = k.toArray();
        int n = xy.length / 2;
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < n; i++) {
            cx += xy[2 * i];
            cy += xy[2 * i + 1];
        }
        cx /= n;
        cy /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double dx = xy[2 * i] - cx;
            double dy = xy[2 * i + 1] - cy;
            ss += dx * dx + dy * dy;
        }
        double r = Math.sqrt(ss / n);
        if (!(r > 0)) {
            throw new IllegalArgumentException("all keypoints coincide; a pose distance needs a body with extent");
        }
        double[] out = new double[xy.length];
        for (int i = 0; i < n; i++) {
            out[2 * i] = (xy[2 * i] - cx) / r;
            out[2 * i + 1] = (xy[2 * i + 1] - cy) / r;
        }
        return out;
    }

    private static double rms(double[] a, double[] b) {
        double ss = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            ss += d * d;
        }
        return Math.sqrt(ss / (a.length / 2));
    }
}

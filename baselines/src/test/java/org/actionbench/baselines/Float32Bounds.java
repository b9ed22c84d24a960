package org.actionbench.baselines;

/** The pieces of a float32 error bound that the baselines' equivalence tests share. */
public final class Float32Bounds {
    private Float32Bounds() {
    }

    /** Higham's γ_n for float32: the relative error bound of an n-term sum. */
    public static double gamma(int n) {
        double u = Math.ulp(1f) / 2;
        return n * u / (1 - n * u);
    }

    public static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    public static double maxAbsDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}

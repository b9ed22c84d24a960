package org.actionbench.reports;

import java.util.Locale;

/**
 * {@code correct} out of {@code total}, with its 95% Wilson score interval. Wilson rather than the normal
 * approximation because the paper's tables hold proportions near 0% and 100% (DreamBooth's 2.45% action
 * accuracy), where the normal interval leaves [0, 1] and undercovers.
 */
public record Proportion(long correct, long total) {
    /** The 97.5% standard normal quantile. */
    public static final double Z95 = 1.959963984540054;

    public Proportion {
        if (correct < 0 || total < 0 || correct > total) {
            throw new IllegalArgumentException("proportion " + correct + "/" + total + " is not a count out of a total");
        }
    }

    /** The fraction in [0, 1]; NaN when there is nothing to count. */
    public double fraction() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    public double percent() {
        return 100.0 * fraction();
    }

    /** Lower end of the 95% Wilson interval, as a fraction; NaN when total is 0. */
    public double wilsonLow() {
        return wilson(-1);
    }

    /** Upper end of the 95% Wilson interval, as a fraction; NaN when total is 0. */
    public double wilsonHigh() {
        return wilson(+1);
    }

    private double wilson(int sign) {
        if (total == 0) {
            return Double.NaN;
        }
        // At the ends the bound is exactly 0 or 1; computed, it would be rounding noise such as 2.8e-17.
        if (sign < 0 && correct == 0) {
            return 0.0;
        }
        if (sign > 0 && correct == total) {
            return 1.0;
        }
        double n = total;
        double p = correct / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // Clamp: near the ends rounding can step just outside [0, 1].
        return Math.min(1.0, Math.max(0.0, centre + sign * half));
    }

    /** "30.71" as in the paper's Table 1; "n/a" when there is nothing to count. */
    public String percentText() {
        return total == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", percent());
    }

    /** "[24.10, 38.20]" in percent; "n/a" when there is nothing to count. */
    public String intervalText() {
        return total == 0 ? "n/a"
                : String.format(Locale.ROOT, "[%.2f, %.2f]", 100 * wilsonLow(), 100 * wilsonHigh());
    }

    @Override
    public String toString() {
        return correct + "/" + total;
    }
}

package org.actionbench.reports;

import java.util.OptionalDouble;

/**
 * Chance-corrected agreement among raters on one nominal question. Input in both cases: one row per unit
 * (image), one column per category, each cell the number of raters who gave that category to that unit.
 * Nominal data need nothing more (who said what does not matter, only how many said each).
 */
public final class Agreement {
    private Agreement() {
    }

    /**
     * Fleiss' κ (Fleiss 1971, "Measuring nominal scale agreement among many raters"): defined only when every
     * unit has the same number n ≥ 2 of ratings; empty otherwise (and when every rating falls in one
     * category, where chance agreement is 1 and κ is 0/0).
     */
    public static OptionalDouble fleissKappa(int[][] counts) {
        if (counts.length == 0) {
            return OptionalDouble.empty();
        }
        int n = sum(counts[0]);
        if (n < 2) {
            return OptionalDouble.empty();
        }
        int k = counts[0].length;
        double[] categoryTotals = new double[k];
        double sumAgreement = 0;
        for (int[] unit : counts) {
            if (sum(unit) != n) {
                return OptionalDouble.empty();
            }
            long squares = 0;
            for (int j = 0; j < k; j++) {
                categoryTotals[j] += unit[j];
                squares += (long) unit[j] * unit[j];
            }
            // P_i: the share of the n(n-1) ordered rater pairs on unit i that agree.
            sumAgreement += (double) (squares - n) / ((double) n * (n - 1));
        }
        double pBar = sumAgreement / counts.length;
        double pE = 0;
        for (double t : categoryTotals) {
            double p = t / ((double) counts.length * n);
            pE += p * p;
        }
        if (pE >= 1.0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((pBar - pE) / (1 - pE));
    }

    /**
     * Krippendorff's α for nominal data (Krippendorff, "Computing Krippendorff's Alpha-Reliability"): any
     * number of ratings per unit; units with fewer than two ratings are not pairable and drop out. Empty
     * when fewer than two pairable values exist or all pairable values fall in one category (α is 0/0).
     * α = 1 − (n − 1) · Σ_u (m_u² − Σ_c n_uc²)/(m_u − 1) / (n² − Σ_c n_c²), the nominal form of
     * 1 − D_o/D_e over the coincidence matrix.
     */
    public static OptionalDouble krippendorffAlphaNominal(int[][] counts) {
        if (counts.length == 0) {
            return OptionalDouble.empty();
        }
        int k = counts[0].length;
        double[] valueTotals = new double[k];
        double n = 0;
        double observedDisagreement = 0;
        for (int[] unit : counts) {
            int m = sum(unit);
            if (m < 2) {
                continue;
            }
            double squares = 0;
            for (int c = 0; c < k; c++) {
                valueTotals[c] += unit[c];
                squares += (double) unit[c] * unit[c];
            }
            n += m;
            observedDisagreement += ((double) m * m - squares) / (m - 1);
        }
        double squares = 0;
        for (double t : valueTotals) {
            squares += t * t;
        }
        double expectedDisagreement = n * n - squares;
        if (n < 2 || expectedDisagreement <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(1 - (n - 1) * observedDisagreement / expectedDisagreement);
    }

    private static int sum(int[] row) {
        int s = 0;
        for (int v : row) {
            s += v;
        }
        return s;
    }
}

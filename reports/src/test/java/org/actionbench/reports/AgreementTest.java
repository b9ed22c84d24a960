package org.actionbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgreementTest {
    /**
     * The worked example of Wikipedia's "Fleiss' kappa" article (10 subjects, 14 raters, 5 categories;
     * mirrored at http://w.owiki.org/wiki/Fleiss%27_kappa): P̄ = 0.378, P̄e = 0.213, κ = 0.210.
     */
    @Test
    void fleissKappaMatchesWikipediasWorkedExample() {
        int[][] counts = {
            {0, 0, 0, 0, 14},
            {0, 2, 6, 4, 2},
            {0, 0, 3, 5, 6},
            {0, 3, 9, 2, 0},
            {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0},
            {3, 2, 6, 3, 0},
            {2, 5, 3, 2, 2},
            {6, 5, 2, 1, 0},
            {0, 2, 2, 3, 7},
        };
        assertEquals(0.210, Agreement.fleissKappa(counts).getAsDouble(), 0.0005);
    }

    @Test
    void fleissKappaIsNotApplicableWithUnequalRaterCounts() {
        assertTrue(Agreement.fleissKappa(new int[][] {{2, 0, 0}, {1, 0, 0}}).isEmpty());
        assertTrue(Agreement.fleissKappa(new int[][] {{1, 0, 0}, {0, 1, 0}}).isEmpty()); // one rater each
        assertTrue(Agreement.fleissKappa(new int[][] {{2, 0, 0}, {2, 0, 0}}).isEmpty()); // all one category
    }

    /**
     * Krippendorff's own nominal example with missing data ("Computing Krippendorff's Alpha-Reliability",
     * 2011, section C: 4 observers, 12 units, values 1-5; the same matrix is the example of R DescTools'
     * KrippAlpha, https://search.r-project.org/CRAN/refmans/DescTools/html/KrippAlpha.html): α nominal = 0.743.
     * Units, observers A-D ('.' missing): 1 1 . 1 | 2 2 3 2 | 3 3 3 3 | 3 3 3 3 | 2 2 2 2 | 1 2 3 4 |
     * 4 4 4 4 | 1 1 2 1 | 2 2 2 2 | . 5 5 5 | . . 1 1 | . . 3 . (the last unit has one value and drops out).
     */
    @Test
    void krippendorffAlphaMatchesKrippendorffsNominalExample() {
        int[][] units = {
            {1, 1, 1}, {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3}, {2, 2, 2, 2}, {1, 2, 3, 4},
            {4, 4, 4, 4}, {1, 1, 2, 1}, {2, 2, 2, 2}, {5, 5, 5}, {1, 1}, {3},
        };
        int[][] counts = new int[units.length][5];
        for (int u = 0; u < units.length; u++) {
            for (int v : units[u]) {
                counts[u][v - 1]++;
            }
        }
        assertEquals(0.743, Agreement.krippendorffAlphaNominal(counts).getAsDouble(), 0.0005);
    }

    /**
     * A two-rater binary case worked by hand from the coincidence-matrix definition: units (y,y) (y,n) (n,n) (n,n). Pairable values n = 8: yes 3, no 5.
     * Observed disagreement pairs: unit 2 gives m² − Σ = 4 − 2 = 2, over m − 1 = 1: 2. Expected: n² − Σ n_c²
     * = 64 − 9 − 25 = 30. α = 1 − 7 · 2 / 30 = 0.5333...
     */
    @Test
    void krippendorffAlphaOnAHandWorkedBinaryCase() {
        int[][] counts = {{2, 0}, {1, 1}, {0, 2}, {0, 2}};
        assertEquals(1 - 7.0 * 2 / 30, Agreement.krippendorffAlphaNominal(counts).getAsDouble(), 1e-12);
        assertTrue(Agreement.krippendorffAlphaNominal(new int[][] {{1, 0}, {0, 1}}).isEmpty());
    }
}

package org.actionbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProportionTest {
    /**
     * The Wilson bounds are the two roots p of (p̂ − p)² = z² p (1 − p) / n, i.e. of
     * (1 + z²/n) p² − (2p̂ + z²/n) p + p̂² = 0; solved here with the quadratic formula, independently of the
     * centre-and-half-width form the class uses.
     */
    @Test
    void wilsonBoundsAreTheRootsOfTheScoreEquation() {
        long[][] cases = {{1, 10}, {113, 368}, {9, 368}, {368, 368}, {50, 100}, {1, 1}};
        for (long[] c : cases) {
            Proportion p = new Proportion(c[0], c[1]);
            double n = c[1], ph = c[0] / n, z2 = Proportion.Z95 * Proportion.Z95;
            double qa = 1 + z2 / n, qb = -(2 * ph + z2 / n), qc = ph * ph;
            double disc = Math.sqrt(qb * qb - 4 * qa * qc);
            assertEquals((-qb - disc) / (2 * qa), p.wilsonLow(), 1e-12, p + " low");
            assertEquals((-qb + disc) / (2 * qa), p.wilsonHigh(), 1e-12, p + " high");
        }
    }

    /** 0 of n and n of n: the bound at the end is exactly 0 or 1 for every n, never a rounding residue. */
    @Test
    void boundsAtTheEndsAreExact() {
        for (long n = 1; n <= 2000; n++) {
            assertEquals(0.0, new Proportion(0, n).wilsonLow(), 0.0, "0/" + n);
            assertEquals(1.0, new Proportion(n, n).wilsonHigh(), 0.0, n + "/" + n);
        }
    }

    /** Published: the 95% Wilson interval of 0 successes in 10 is [0, 0.2775] (Brown, Cai & DasGupta 2001 style tables). */
    @Test
    void zeroOutOfTenHasUpperBoundNear0_2775() {
        Proportion p = new Proportion(0, 10);
        assertEquals(0.0, p.wilsonLow(), 0.0);
        assertEquals(0.2775, p.wilsonHigh(), 1e-4);
        assertEquals("0.00", p.percentText());
        assertEquals("[0.00, 27.75]", p.intervalText());
    }

    /** The paper's ADI row: 222/368, 316/368, 188/368 print as 60.33, 85.87, 51.09. */
    @Test
    void percentTextHasTwoDecimalsAsInTable1() {
        assertEquals("60.33", new Proportion(222, 368).percentText());
        assertEquals("85.87", new Proportion(316, 368).percentText());
        assertEquals("51.09", new Proportion(188, 368).percentText());
        assertEquals("n/a", new Proportion(0, 0).percentText());
        assertTrue(Double.isNaN(new Proportion(0, 0).wilsonLow()));
    }

    @Test
    void rejectsMoreCorrectThanTotal() {
        assertThrows(IllegalArgumentException.class, () -> new Proportion(3, 2));
    }
}

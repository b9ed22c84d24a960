package org.actionbench.baselines.adi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The masks on a hand-built triple of five channels, β = 0.6, so three channels are masked:
 * anchor g = [1, 2, 3, 4, 5];
 * context-different g = [1.5, 2, 0, 4.25, 9] → Δ^c̄ = [0.5, 0, 3, 0.25, 4], the three largest (channels 4, 2,
 * 0) masked → m^c̄ = [0, 1, 0, 1, 0];
 * action-different g = [1, 4.5, 3, 4.25, 7] → Δ^ā = [0, 2.5, 0, 0.25, 2], the three smallest (channels 0, 2, 3)
 * masked → m^ā = [0, 1, 0, 0, 1].
 */
class GradientMasksTest {
    static final float[] ANCHOR = {1, 2, 3, 4, 5};
    static final float[] CONTEXT = {1.5f, 2, 0, 4.25f, 9};
    static final float[] ACTION = {1, 4.5f, 3, 4.25f, 7};
    static final boolean T = true;
    static final boolean F = false;

    static GradientMasks.Result run(MaskingStrategy strategy, MaskSelection selection, MaskMerge merge,
            boolean reversed) {
        return GradientMasks.compute(new GradientMasks.Options(0.6, strategy, selection, merge, reversed), ANCHOR,
                CONTEXT, ACTION, new SplittableRandom(1));
    }

    static GradientMasks.Result adi(MaskSelection selection, MaskMerge merge, boolean reversed) {
        return run(MaskingStrategy.GRADIENT_INVARIANCE, selection, merge, reversed);
    }

    @Test
    void eachMaskKeepsTheRightChannels() {
        assertArrayEquals(new boolean[] {F, T, F, T, F}, GradientMasks.contextMask(ANCHOR, CONTEXT, 0.6));
        assertArrayEquals(new boolean[] {F, T, F, F, T}, GradientMasks.actionMask(ANCHOR, ACTION, 0.6));
    }

    @Test
    void mergesAndAblations() {
        GradientMasks.Result both = adi(MaskSelection.BOTH, MaskMerge.INTERSECTION, false);
        assertArrayEquals(new boolean[] {F, T, F, F, F}, both.keep());
        assertEquals(1, both.keptByBoth());
        GradientMasks.Result union = adi(MaskSelection.BOTH, MaskMerge.UNION, false);
        assertArrayEquals(new boolean[] {F, T, F, T, T}, union.keep());
        assertEquals(1, union.keptByBoth(), "the share kept by both is the intersection whatever the merge");
        assertArrayEquals(new boolean[] {T, F, T, T, T}, adi(MaskSelection.BOTH, MaskMerge.INTERSECTION, true).keep());
        assertArrayEquals(new boolean[] {F, T, F, T, F},
                adi(MaskSelection.CONTEXT_ONLY, MaskMerge.INTERSECTION, false).keep());
        assertArrayEquals(new boolean[] {F, T, F, F, T},
                adi(MaskSelection.ACTION_ONLY, MaskMerge.INTERSECTION, false).keep());
        assertEquals(-1, adi(MaskSelection.ACTION_ONLY, MaskMerge.INTERSECTION, false).keptByBoth());
    }

    @Test
    void otherStrategies() {
        // Uniform: masked at floor(j·5/3) = 0, 1, 3.
        assertArrayEquals(new boolean[] {F, F, T, F, T},
                run(MaskingStrategy.UNIFORM, MaskSelection.BOTH, MaskMerge.INTERSECTION, false).keep());
        // Min / max by |anchor gradient| = 1..5.
        assertArrayEquals(new boolean[] {F, F, F, T, T},
                run(MaskingStrategy.MIN, MaskSelection.BOTH, MaskMerge.INTERSECTION, false).keep());
        assertArrayEquals(new boolean[] {T, T, F, F, F},
                run(MaskingStrategy.MAX, MaskSelection.BOTH, MaskMerge.INTERSECTION, false).keep());
        assertArrayEquals(new boolean[] {F, F, T, T, T},
                run(MaskingStrategy.MAX, MaskSelection.BOTH, MaskMerge.INTERSECTION, true).keep());
    }

    @Test
    void randomMasksTheShareAndDependsOnTheGenerator() {
        float[] g = new float[100];
        GradientMasks.Options o = new GradientMasks.Options(0.6, MaskingStrategy.RANDOM, MaskSelection.BOTH,
                MaskMerge.INTERSECTION, false);
        boolean[] a = GradientMasks.compute(o, g, null, null, new SplittableRandom(1)).keep();
        boolean[] b = GradientMasks.compute(o, g, null, null, new SplittableRandom(1)).keep();
        boolean[] c = GradientMasks.compute(o, g, null, null, new SplittableRandom(2)).keep();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        assertEquals(40, GradientMasks.compute(o, g, null, null, new SplittableRandom(3)).kept());
    }

    @Test
    void tiesMaskExactlyTheShare() {
        float[] zeros = new float[10];
        boolean[] keep = GradientMasks.contextMask(zeros, zeros, 0.6);
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        assertEquals(4, kept);
        assertTrue(keep[9] && !keep[0], "ties are broken by channel index");
    }
}

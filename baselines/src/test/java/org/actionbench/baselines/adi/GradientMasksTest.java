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
        assertEquals(2, both.keptByContextMask());
        GradientMasks.Result union = adi(MaskSelection.BOTH, MaskMerge.UNION, false);
        assertArrayEquals(new boolean[] {F, T, F, T, T}, union.keep());
        assertEquals(1, union.keptByBoth(), "the share kept by both is the intersection whatever the merge");
        assertArrayEquals(new boolean[] {T, F, T, T, T}, adi(MaskSelection.BOTH, MaskMerge.INTERSECTION, true).keep());
        assertArrayEquals(new boolean[] {F, T, F, T, F},
                adi(MaskSelection.CONTEXT_ONLY, MaskMerge.INTERSECTION, false).keep());
        assertArrayEquals(new boolean[] {F, T, F, F, T},
                adi(MaskSelection.ACTION_ONLY, MaskMerge.INTERSECTION, false).keep());
        assertEquals(-1, adi(MaskSelection.ACTION_ONLY, MaskMerge.INTERSECTION, false).keptByBoth());
        assertEquals(-1, adi(MaskSelection.ACTION_ONLY, MaskMerge.INTERSECTION, false).keptByContextMask());
    }

    /**
     * The overlap figures over two tokens of hand-made masks: token 1 is the class comment's (m^c̄ keeps
     * channels 1, 3; m^ā keeps 1, 4; both keep 1); token 2 has context-different g = [9, 2, 9, 9, 5], Δ^c̄ =
     * [8, 0, 6, 5, 0], so m^c̄ keeps 1, 4 = m^ā and both keep 2. Over 10 channels: kept by both 3/10, and of
     * the 4 channels the context masks keep, 3 are kept by the action masks too.
     */
    @Test
    void overlapFiguresNameTheirDenominators() {
        GradientMasks.Options o = GradientMasks.Options.adi(0.6);
        GradientMasks.Result first = GradientMasks.compute(o, ANCHOR, CONTEXT, ACTION, new SplittableRandom(1));
        GradientMasks.Result second = GradientMasks.compute(o, ANCHOR, new float[] {9, 2, 9, 9, 5}, ACTION,
                new SplittableRandom(1));
        assertArrayEquals(new boolean[] {F, T, F, F, T}, second.keep());
        java.util.Map<String, Double> m = Adi.maskMetrics(java.util.List.of(first, second));
        assertEquals(0.3, m.get(Adi.KEPT), 1e-15);
        assertEquals(0.3, m.get(Adi.KEPT_BY_BOTH), 1e-15);
        assertEquals(0.75, m.get(Adi.OVERLAP_RATE), 1e-15);
        // A single mask: no overlap to report.
        GradientMasks.Options single = new GradientMasks.Options(0.6, MaskingStrategy.GRADIENT_INVARIANCE,
                MaskSelection.CONTEXT_ONLY, MaskMerge.INTERSECTION, false);
        java.util.Map<String, Double> one = Adi.maskMetrics(java.util.List.of(
                GradientMasks.compute(single, ANCHOR, CONTEXT, null, new SplittableRandom(1))));
        assertEquals(java.util.Set.of(Adi.KEPT), one.keySet());
        assertEquals(0.4, one.get(Adi.KEPT), 1e-15);
    }

    @Test
    void withoutMasksEveryChannelIsKeptAndNoOtherGradientIsNeeded() {
        GradientMasks.Options none = new GradientMasks.Options(0.6, MaskingStrategy.GRADIENT_INVARIANCE,
                MaskSelection.NONE, MaskMerge.INTERSECTION, false);
        assertFalse(none.needsContextDifferent());
        assertFalse(none.needsActionDifferent());
        assertFalse(none.masks());
        GradientMasks.Result r = GradientMasks.compute(none, ANCHOR, null, null, new SplittableRandom(1));
        assertArrayEquals(new boolean[] {T, T, T, T, T}, r.keep());
        assertEquals(-1, r.keptByBoth());
        IllegalArgumentException random = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new GradientMasks.Options(0.6, MaskingStrategy.RANDOM,
                        MaskSelection.NONE, MaskMerge.INTERSECTION, false));
        assertTrue(random.getMessage().contains("'masks'") && random.getMessage().contains("'strategy'")
                && random.getMessage().contains("random"), random.getMessage());
        IllegalArgumentException reversed = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new GradientMasks.Options(0.6,
                        MaskingStrategy.GRADIENT_INVARIANCE, MaskSelection.NONE, MaskMerge.INTERSECTION, true));
        assertTrue(reversed.getMessage().contains("'reversed'"), reversed.getMessage());
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

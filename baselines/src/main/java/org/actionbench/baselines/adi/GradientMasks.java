package org.actionbench.baselines.adi;

import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.actionbench.engine.method.SettingChecks;

/**
 * ADI's gradient masks for one identifier token (§4.2), on plain arrays of its d channels: true keeps a
 * channel's update, false masks it.
 *
 * <p>"β% of the channels are masked": the threshold γ^β (λ^β) is the value at the β share of the sorted
 * differences, so exactly round(β·d) channels are masked. Channels are ranked by value and, on equal
 * values, by index, so ties cannot mask more or fewer than that share.
 */
public final class GradientMasks {
    private GradientMasks() {
    }

    /** The options of one ADI run (§4.2 and the ablations of §5.4–5.5). */
    public record Options(double beta, MaskingStrategy strategy, MaskSelection selection, MaskMerge merge,
            boolean reversed) {
        public Options {
            if (!(beta >= 0 && beta <= 1)) {
                throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
            }
            if (selection == MaskSelection.NONE && strategy != MaskingStrategy.GRADIENT_INVARIANCE) {
                throw new IllegalArgumentException("setting 'masks': none (ADI without masks) switches masking off, "
                        + "so setting 'strategy' must stay gradient-invariance, got "
                        + SettingChecks.lowerId(strategy));
            }
            if (selection == MaskSelection.NONE && reversed) {
                throw new IllegalArgumentException("setting 'masks': none (ADI without masks) switches masking off, "
                        + "so setting 'reversed' must be false");
            }
        }

        /** ADI as published: β, gradient invariance, both masks, intersection. */
        public static Options adi(double beta) {
            return new Options(beta, MaskingStrategy.GRADIENT_INVARIANCE, MaskSelection.BOTH, MaskMerge.INTERSECTION,
                    false);
        }

        /** Whether the context-different gradient is needed (for m^c̄). */
        public boolean needsContextDifferent() {
            return strategy == MaskingStrategy.GRADIENT_INVARIANCE && selection.usesContextMask();
        }

        /** Whether the action-different gradient is needed (for m^ā). */
        public boolean needsActionDifferent() {
            return strategy == MaskingStrategy.GRADIENT_INVARIANCE && selection.usesActionMask();
        }

        /** Whether any channel can be masked ("ADI without masks" masks none). */
        public boolean masks() {
            return selection != MaskSelection.NONE;
        }
    }

    /**
     * The final mask of one token and, when both invariance masks were computed, two counts for the overlap
     * figures (-1 otherwise): {@code keptByBoth} = |m^c̄ ∧ m^ā|, the channels both masks keep, and
     * {@code keptByContextMask} = |m^c̄|. Both are counted before a reversal and whatever the merge.
     */
    public record Result(boolean[] keep, int keptByBoth, int keptByContextMask) {
        public int kept() {
            return count(keep);
        }
    }

    /** The number of channels masked out of d: round(β·d). */
    public static int maskedCount(int d, double beta) {
        return (int) Math.round(beta * d);
    }

    /**
     * Eq. 4–5: Δg^c̄ = |g^(a,c) − g^(a,c̄)|; the β share of channels with the largest difference is masked
     * (they carry the context that differs), the rest kept.
     */
    public static boolean[] contextMask(float[] anchor, float[] contextDifferent, double beta) {
        return maskLargest(absDifference(anchor, contextDifferent), maskedCount(anchor.length, beta));
    }

    /**
     * Eq. 7–8: Δg^ā = |g^(a,c) − g^(ā,c)|; the β share of channels with the smallest difference is masked
     * (they carry the context both images share), the rest kept.
     */
    public static boolean[] actionMask(float[] anchor, float[] actionDifferent, double beta) {
        return maskSmallest(absDifference(anchor, actionDifferent), maskedCount(anchor.length, beta));
    }

    /**
     * The final mask of one token under {@code options}. The two other gradients may be null unless the
     * strategy is gradient invariance; {@code random} is used by the random strategy only.
     */
    public static Result compute(Options options, float[] anchor, float[] contextDifferent, float[] actionDifferent,
            RandomGenerator random) {
        int d = anchor.length;
        int masked = maskedCount(d, options.beta());
        boolean[] keep;
        int keptByBoth = -1;
        int keptByContextMask = -1;
        switch (options.strategy()) {
            case GRADIENT_INVARIANCE -> {
                boolean[] context = options.selection().usesContextMask()
                        ? contextMask(anchor, contextDifferent, options.beta()) : null;
                boolean[] action = options.selection().usesActionMask()
                        ? actionMask(anchor, actionDifferent, options.beta()) : null;
                if (context != null && action != null) {
                    boolean[] both = and(context, action);
                    keptByBoth = count(both);
                    keptByContextMask = count(context);
                    keep = options.merge() == MaskMerge.INTERSECTION ? both : or(context, action);
                } else if (context != null || action != null) {
                    keep = context != null ? context : action;
                } else {
                    keep = new boolean[d];
                    Arrays.fill(keep, true);
                }
            }
            case UNIFORM -> keep = uniform(d, masked);
            case RANDOM -> keep = randomMask(d, masked, random);
            case MIN -> keep = maskSmallest(abs(anchor), masked);
            case MAX -> keep = maskLargest(abs(anchor), masked);
            default -> throw new AssertionError(options.strategy());
        }
        if (options.reversed()) {
            // §5.4: the channels that should have been masked are updated and the others are not.
            keep = not(keep);
        }
        return new Result(keep, keptByBoth, keptByContextMask);
    }

    static boolean[] maskLargest(float[] values, int masked) {
        return maskFirst(values, masked, Comparator.comparingDouble((Integer i) -> -values[i]));
    }

    static boolean[] maskSmallest(float[] values, int masked) {
        return maskFirst(values, masked, Comparator.comparingDouble((Integer i) -> values[i]));
    }

    /** Masks the first {@code masked} channels in {@code order} (ties by index). */
    private static boolean[] maskFirst(float[] values, int masked, Comparator<Integer> order) {
        Integer[] idx = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, order.thenComparingInt(i -> i));
        boolean[] keep = new boolean[values.length];
        Arrays.fill(keep, true);
        for (int k = 0; k < masked; k++) {
            keep[idx[k]] = false;
        }
        return keep;
    }

    /** Masked channels at floor(j·d / masked), j = 0..masked−1: spread evenly over the token. */
    static boolean[] uniform(int d, int masked) {
        boolean[] keep = new boolean[d];
        Arrays.fill(keep, true);
        for (int j = 0; j < masked; j++) {
            keep[(int) ((long) j * d / masked)] = false;
        }
        return keep;
    }

    /** A uniformly random set of {@code masked} channels (partial Fisher–Yates). */
    static boolean[] randomMask(int d, int masked, RandomGenerator random) {
        int[] idx = IntStream.range(0, d).toArray();
        boolean[] keep = new boolean[d];
        Arrays.fill(keep, true);
        for (int k = 0; k < masked; k++) {
            int j = k + random.nextInt(d - k);
            int t = idx[k];
            idx[k] = idx[j];
            idx[j] = t;
            keep[idx[k]] = false;
        }
        return keep;
    }

    private static float[] absDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("gradients of " + a.length + " and " + b.length + " channels");
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.abs(a[i] - b[i]);
        }
        return out;
    }

    private static float[] abs(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.abs(a[i]);
        }
        return out;
    }

    private static boolean[] and(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] && b[i];
        }
        return out;
    }

    private static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] || b[i];
        }
        return out;
    }

    private static boolean[] not(boolean[] a) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = !a[i];
        }
        return out;
    }

    private static int count(boolean[] a) {
        int n = 0;
        for (boolean b : a) {
            n += b ? 1 : 0;
        }
        return n;
    }
}

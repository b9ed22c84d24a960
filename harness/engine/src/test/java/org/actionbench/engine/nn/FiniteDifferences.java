package org.actionbench.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;

/**
 * Checks an autograd gradient against central differences of a network evaluated in float32, with a
 * tolerance that follows from the error model below rather than from the CPU it was tuned on (libtorch
 * picks kernels by instruction set, so the rounding differs between machines).
 *
 * <p>The loss is reduced in double from the network's float32 outputs, so its error is the outputs'
 * rounding propagated to first order: |L̂ − L| ≤ η = κ·u·M with u = 2⁻²⁴ and M = Σ|∂L/∂yᵢ · yᵢ| (each
 * output off by at most κ·u relative). κ = 16: over sixteen one-ulp changes of the input, L̂ of the
 * text → UNet path spread by 1.5, 1.2 and 3.5·u·M under ATEN_CPU_CAPABILITY avx512, avx2 and default
 * (AMD EPYC), so 16 leaves a factor of 4.5.
 *
 * <p>The central difference D(h) = f' + c·h² + (r₊ − r₋)/(2h) + O(h⁴) carries truncation c·h² and rounding
 * of at most η/h. From two steps, D(h/2) − f' = c·h²/4 + ρ with |ρ| ≤ 2η/h, and D(h) − D(h/2) = 3c·h²/4 plus
 * rounding of at most 3η/h, so |D(h/2) − f'| ≤ |D(h) − D(h/2)|/3 + 3η/h + O(h⁴). The tolerance takes the
 * whole |D(h) − D(h/2)| (leaving room for the O(h⁴) term), 3η/h, and κ·u·max|g| for the autograd gradient's
 * own rounding. A tolerance above a tenth of the gradient's scale would make the check meaningless, so it
 * fails instead.
 */
public final class FiniteDifferences {
    /** κ of the class comment: bound on the outputs' relative float32 rounding, in units of u. */
    static final double ROUNDING_ULPS = 16;
    static final double U = Math.ulp(1f) / 2;

    private FiniteDifferences() {
    }

    /** A loss value, reduced in double, and M = Σ|∂L/∂yᵢ · yᵢ| over the float32 outputs it came from. */
    public record Evaluation(double loss, double magnitude) {
        /** L = Σ yᵢ·wᵢ. */
        public static Evaluation weightedSum(float[] outputs, float[] weights) {
            double loss = 0;
            double magnitude = 0;
            for (int i = 0; i < outputs.length; i++) {
                double term = (double) outputs[i] * weights[i];
                loss += term;
                magnitude += Math.abs(term);
            }
            return new Evaluation(loss, magnitude);
        }

        /** L = mean((yᵢ − tᵢ)²). */
        public static Evaluation meanSquaredError(float[] outputs, float[] targets) {
            double loss = 0;
            double magnitude = 0;
            for (int i = 0; i < outputs.length; i++) {
                double d = (double) outputs[i] - targets[i];
                loss += d * d;
                magnitude += Math.abs(2 * d * outputs[i]);
            }
            return new Evaluation(loss / outputs.length, magnitude / outputs.length);
        }
    }

    /**
     * Asserts that {@code grad[i]} is dL/d{@code point[i]} for each of {@code entries}, L evaluated by
     * {@code loss} at copies of {@code point} with entry i moved by ±h and ±h/2.
     */
    public static void assertGradient(float[] grad, float[] point, int[] entries, double h,
            Function<float[], Evaluation> loss, String what) {
        double scale = 0;
        for (float g : grad) {
            scale = Math.max(scale, Math.abs(g));
        }
        assertTrue(scale > 0, what + ": the gradient vanishes");
        for (int i : entries) {
            double[] coarse = centralDifference(point, i, h, loss);
            double[] fine = centralDifference(point, i, h / 2, loss);
            double eta = ROUNDING_ULPS * U * Math.max(coarse[1], fine[1]);
            double tolerance = Math.abs(coarse[0] - fine[0]) + 3 * eta / h + ROUNDING_ULPS * U * scale;
            assertTrue(tolerance < 0.1 * scale, what + " entry " + i + ": finite differences too inexact to check"
                    + " (tolerance " + tolerance + ", gradient scale " + scale + ")");
            assertEquals(fine[0], grad[i], tolerance, what + " entry " + i + " (D(h) " + coarse[0] + ", D(h/2) "
                    + fine[0] + ", tolerance " + tolerance + ")");
        }
    }

    /** {(L(x + h·eᵢ) − L(x − h·eᵢ)) / (actual step), largest M of the two}; steps are rounded to float32. */
    private static double[] centralDifference(float[] point, int i, double h, Function<float[], Evaluation> loss) {
        float[] plus = point.clone();
        float[] minus = point.clone();
        plus[i] += (float) h;
        minus[i] -= (float) h;
        Evaluation p = loss.apply(plus);
        Evaluation m = loss.apply(minus);
        return new double[] {(p.loss() - m.loss()) / ((double) plus[i] - minus[i]),
            Math.max(p.magnitude(), m.magnitude())};
    }
}

package org.actionbench.baselines.adi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.actionbench.baselines.common.TokenTraining;
import org.actionbench.engine.train.AdamW;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.train.TrainingLoop;
import org.junit.jupiter.api.Test;

/**
 * ADI's anchor gradient and mask, turned into an optimiser step by {@link Adi#update} and applied by the
 * engine's AdamW, against two steps of torch.optim.AdamW's update written out in double arithmetic:
 * <pre>
 *   θ ← θ(1 − γλ);  m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²
 *   θ ← θ − γ/(1 − β1^t) · m / (sqrt(v)/sqrt(1 − β2^t) + ε)
 * </pre>
 * {@code gradient}: the step above with g̃ = m ⊙ g on every channel. {@code freeze}: masked channels skip the
 * step (value, m and v unchanged), t counts every step.
 *
 * <p>Channel 0 is kept at step 1 and masked at step 2 (so under {@code gradient} it moves by momentum at step
 * 2), channel 2 the other way round, channel 1 is kept twice and channel 3 masked twice (under
 * {@code gradient} it only decays).
 *
 * <p>Tolerance: each float32 step is about a dozen correctly rounded operations, each off by at most u = 2⁻²⁴
 * relative to its result: the scalars, the decay product and the final sum (≤ 3u·|θ|), and the update
 * term through m, v, sqrt, the divisions and ε (≤ 15u·|Δ|). Two steps with the first step's errors carried
 * into the second stay below 32u·(|θ₀| + |Δ₁| + |Δ₂|), and the moments below 32u times their magnitude.
 * The difference between the two modes on channels 0 and 3 is ~10⁻³, far above that.
 */
class MaskedUpdateTest {
    static final double U = Math.ulp(1f) / 2;
    static final double LR = 0.05;
    static final double WD = 0.02;
    static final float[] THETA = {0.5f, -1.25f, 2.0f, 0.75f};
    static final float[] G1 = {0.1f, -0.2f, 0.3f, -0.4f};
    static final float[] G2 = {0.05f, 0.15f, -0.25f, 0.35f};
    static final boolean[] M1 = {true, true, false, false};
    static final boolean[] M2 = {false, true, true, false};

    /** θ, m, v after two steps, and the per-channel tolerance on θ. */
    record State(double[] theta, double[] m, double[] v, double[] tolerance) {}

    /** The hand computation of torch.optim.AdamW (defaults β1 0.9, β2 0.999, ε 1e-8). */
    static State expected(MaskedUpdate mode) {
        double b1 = AdamWConfig.DEFAULT_BETA1;
        double b2 = AdamWConfig.DEFAULT_BETA2;
        double eps = AdamWConfig.DEFAULT_EPS;
        int n = THETA.length;
        double[] theta = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        double[] magnitude = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = THETA[i];
            magnitude[i] = Math.abs(THETA[i]);
        }
        float[][] gradients = {G1, G2};
        boolean[][] masks = {M1, M2};
        for (int t = 1; t <= 2; t++) {
            for (int i = 0; i < n; i++) {
                boolean kept = masks[t - 1][i];
                if (mode == MaskedUpdate.FREEZE && !kept) {
                    continue;
                }
                double g = kept ? gradients[t - 1][i] : 0;
                theta[i] *= 1 - LR * WD;
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                double delta = LR / (1 - Math.pow(b1, t)) * m[i] / denom;
                theta[i] -= delta;
                magnitude[i] += Math.abs(delta);
            }
        }
        double[] tolerance = new double[n];
        for (int i = 0; i < n; i++) {
            tolerance[i] = 32 * U * magnitude[i];
        }
        return new State(theta, m, v, tolerance);
    }

    static void assertTwoSteps(MaskedUpdate mode) {
        State want = expected(mode);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray rows = manager.create(THETA.clone(), new Shape(1, 4));
            try (AdamW optimizer = new AdamW(manager, Map.of(TokenTraining.ROWS, rows),
                    AdamWConfig.defaults(LR).withWeightDecay(WD))) {
                step(optimizer, manager, G1, M1, mode);
                step(optimizer, manager, G2, M2, mode);
                float[] theta = rows.toFloatArray();
                float[] m = optimizer.firstMoment(TokenTraining.ROWS).toFloatArray();
                float[] v = optimizer.secondMoment(TokenTraining.ROWS).toFloatArray();
                for (int i = 0; i < THETA.length; i++) {
                    assertEquals(want.theta()[i], theta[i], want.tolerance()[i], mode + " θ channel " + i);
                    assertEquals(want.m()[i], m[i], 32 * U * Math.abs(want.m()[i]), mode + " m channel " + i);
                    assertEquals(want.v()[i], v[i], 32 * U * Math.abs(want.v()[i]), mode + " v channel " + i);
                }
            }
        }
    }

    static void step(AdamW optimizer, NDManager manager, float[] g, boolean[] keep, MaskedUpdate mode) {
        try (NDManager step = manager.newSubManager()) {
            TrainingLoop.Update u = Adi.update(step.create(g, new Shape(1, 4)), step.create(keep, new Shape(1, 4)),
                    mode, Map.of());
            optimizer.step(u.gradients(), u.masks());
        }
    }

    @Test
    void gradientModeIsTheOrdinaryAdamWStepOnTheMaskedGradient() {
        assertTwoSteps(MaskedUpdate.GRADIENT);
        // The two modes differ where the mask bites: momentum at step 2 (channel 0), decay (channel 3).
        State gradient = expected(MaskedUpdate.GRADIENT);
        State freeze = expected(MaskedUpdate.FREEZE);
        for (int i : new int[] {0, 3}) {
            assertTrue(Math.abs(gradient.theta()[i] - freeze.theta()[i]) > 1000 * gradient.tolerance()[i],
                    "channel " + i + " does not tell the modes apart");
        }
    }

    @Test
    void freezeModeLeavesMaskedChannelsUntouched() {
        assertTwoSteps(MaskedUpdate.FREEZE);
    }
}

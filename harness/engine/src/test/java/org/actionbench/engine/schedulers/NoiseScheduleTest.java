package org.actionbench.engine.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NoiseScheduleTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** ᾱ_t = Π_{i≤t} (1 − β_i), β_i = (√b0 + i/(N−1)·(√b1 − √b0))², all in double. */
    private static double[] scaledLinearClosedForm(double b0, double b1, int n) {
        double[] out = new double[n];
        double product = 1;
        for (int i = 0; i < n; i++) {
            double root = Math.sqrt(b0) + i / (double) (n - 1) * (Math.sqrt(b1) - Math.sqrt(b0));
            product *= 1 - root * root;
            out[i] = product;
        }
        return out;
    }

    @Test
    void sd21AlphasCumprodMatchTheClosedFormAndThePublishedValue() {
        float[] ac = NoiseSchedule.sd21Base().alphasCumprod();
        assertEquals(1000, ac.length);
        double[] expected = scaledLinearClosedForm(0.00085, 0.012, 1000);
        // ᾱ_0 = 1 − β_0 = 1 − 0.00085.
        assertEquals(0.99915, ac[0], 1e-7);
        for (int t : new int[] {0, 1, 250, 499, 750, 999}) {
            assertEquals(expected[t], ac[t], 2e-6 * expected[t], "alphas_cumprod[" + t + "]");
        }
        // Published: diffusers' LMS/Euler schedulers report init_noise_sigma = 14.6146 for SD's schedule
        // (fast.ai forum "Init_noise_sigma?", forums.fast.ai/t/init-noise-sigma/101423), and that sigma is
        // √((1 − ᾱ_999)/ᾱ_999), so ᾱ_999 = 1/(1 + 14.6146²) ≈ 0.0046601.
        assertEquals(1 / (1 + 14.6146 * 14.6146), ac[999], 1e-7);
        assertEquals(0.2776694, ac[499], 2e-6);
    }

    @Test
    void betasAndAlphasCumprodMatchTorchFloat32Ops() {
        // What diffusers runs: torch.linspace(√b0, √b1, N, dtype=float32) ** 2, then cumprod(1 − betas), here
        // through DJL's PyTorch engine (x·x for ** 2: torch's pow(x, 2) is exactly that).
        NoiseSchedule sd = NoiseSchedule.sd21Base();
        try (NDManager m = manager.newSubManager()) {
            NDArray roots = m.linspace((float) Math.sqrt(0.00085), (float) Math.sqrt(0.012), 1000);
            NDArray betas = roots.mul(roots);
            assertBetasClose(betas.toFloatArray(), sd.betas(), "scaled_linear betas");
            assertCumprodClose(betas.neg().add(1).cumProd(0).toFloatArray(), sd.alphasCumprod(), sd.betas(),
                    "scaled_linear alphas_cumprod");

            NoiseSchedule linear = sd.withBetas(BetaSchedule.LINEAR, 1000, 0.0001, 0.02);
            NDArray linearBetas = m.linspace(0.0001f, 0.02f, 1000);
            assertBetasClose(linearBetas.toFloatArray(), linear.betas(), "linear betas");
            assertCumprodClose(linearBetas.neg().add(1).cumProd(0).toFloatArray(), linear.alphasCumprod(),
                    linear.betas(), "linear alphas_cumprod");
        }
    }

    private static final double U = Math.ulp(1f) / 2;

    /**
     * Bit-identical on the machine this was written on, but torch's linspace kernel depends on the CPU
     * (ATEN_CPU_CAPABILITY=default rounds some roots the other way). Either linspace puts a root within 3u of
     * the exact value (a rounded step, its multiple, a sum), so two of them differ by ≤ 6u relative, which
     * squaring doubles, plus one rounding of each square: 14u; 16u is the bound.
     */
    private static void assertBetasClose(float[] torch, float[] ours, String what) {
        assertEquals(torch.length, ours.length, what + " length");
        for (int i = 0; i < torch.length; i++) {
            assertEquals(torch[i], ours[i], 16 * U * torch[i], what + "[" + i + "]");
        }
    }

    /**
     * ᾱ_t = Π_{s≤t}(1 − β_s): each factor carries the betas' difference (≤ 16u·β_s) and one rounding of 1 − β,
     * and torch's float32 cumprod one rounding per product, so relatively ≤ Σ_{s≤t}(16u·β_s + 2u).
     */
    private static void assertCumprodClose(float[] torch, float[] ours, float[] betas, String what) {
        assertEquals(torch.length, ours.length, what + " length");
        double bound = 0;
        for (int i = 0; i < torch.length; i++) {
            bound += 16 * U * betas[i] + 2 * U;
            assertEquals(torch[i], ours[i], bound * torch[i], what + "[" + i + "]");
        }
    }

    @Test
    void linearScheduleHitsItsEndpointsAndClosedForm() {
        NoiseSchedule linear = NoiseSchedule.sd21Base().withBetas(BetaSchedule.LINEAR, 1000, 0.0001, 0.02);
        float[] betas = linear.betas();
        assertEquals(0.0001f, betas[0]);
        assertEquals(0.02f, betas[999]);
        double product = 1;
        float[] ac = linear.alphasCumprod();
        for (int i = 0; i < 1000; i++) {
            product *= 1 - (0.0001 + i / 999.0 * (0.02 - 0.0001));
            if (i == 500) {
                assertEquals(product, ac[i], 2e-6 * product);
            }
        }
        // DDPM's linear schedule leaves ᾱ_999 ≈ 4.04e-5 (Ho et al. 2020 chose it so that x_T is almost pure noise).
        assertEquals(product, ac[999], 1e-5 * product);
        assertEquals(4.04e-5, ac[999], 0.01e-5);
    }

    @Test
    void cosineScheduleTelescopesToTheRatioOfAlphaBars() {
        // Π (1 − β_i) with β_i = 1 − f((i+1)/N)/f(i/N) telescopes to f((t+1)/N)/f(0) while no β is capped.
        NoiseSchedule cosine = NoiseSchedule.sd21Base().withBetas(BetaSchedule.SQUAREDCOS_CAP_V2, 1000, 0, 0);
        float[] ac = cosine.alphasCumprod();
        for (int t : new int[] {0, 100, 500, 900}) {
            double f = Math.pow(Math.cos(((t + 1) / 1000.0 + 0.008) / 1.008 * Math.PI / 2), 2);
            double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
            assertEquals(f / f0, ac[t], 2e-5 * f / f0, "cosine alphas_cumprod[" + t + "]");
        }
        // f(1) = cos²(π/2) = 0, so the last beta would be 1 without the 0.999 cap.
        assertEquals(0.999f, cosine.betas()[999]);
    }

    @Test
    void trainedBetasOverrideTheSchedule() {
        NoiseSchedule s = NoiseSchedule.sd21Base().withTrainedBetas(0.1, 0.2, 0.5, 0.75);
        assertEquals(4, s.numTrainTimesteps());
        // 0.9; 0.9·0.8 = 0.72; 0.72·0.5 = 0.36; 0.36·0.25 = 0.09
        float[] ac = s.alphasCumprod();
        assertArrayEquals(new float[] {0.9f, 0.72f, 0.36f, 0.09f}, ac, 1e-7f);
    }

    @Test
    void sd21BaseHasTheConfigValues() {
        NoiseSchedule s = NoiseSchedule.sd21Base();
        assertEquals(1000, s.numTrainTimesteps());
        assertEquals(BetaSchedule.SCALED_LINEAR, s.betaSchedule());
        assertEquals(PredictionType.EPSILON, s.predictionType());
        assertEquals(1, s.stepsOffset());
        assertEquals(TimestepSpacing.LEADING, s.timestepSpacing());
        assertEquals(false, s.setAlphaToOne());
        assertEquals(false, s.clipSample());
        assertEquals(s, NoiseSchedule.sd21Base());
        assertNotEquals(s, s.withSetAlphaToOne(true));
        assertEquals(s.withTrainedBetas(0.1, 0.2), NoiseSchedule.sd21Base().withTrainedBetas(0.1, 0.2));
    }

    @Test
    void configNamesParseAndUnknownOnesNameTheirKey() {
        for (BetaSchedule b : BetaSchedule.values()) {
            assertEquals(b, BetaSchedule.fromConfig(b.configName()));
        }
        assertEquals(BetaSchedule.SCALED_LINEAR, BetaSchedule.fromConfig("scaled_linear"));
        assertEquals(PredictionType.V_PREDICTION, PredictionType.fromConfig("v_prediction"));
        assertEquals(TimestepSpacing.TRAILING, TimestepSpacing.fromConfig("trailing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BetaSchedule.fromConfig("sigmoid"))
                .getMessage().contains("beta_schedule"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PredictionType.fromConfig("flow"))
                .getMessage().contains("prediction_type"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.fromConfig("karras"))
                .getMessage().contains("timestep_spacing"));
    }

    @Test
    void badValuesAreRejectedNamingTheKey() {
        NoiseSchedule sd = NoiseSchedule.sd21Base();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sd.withTrainedBetas(0.1, 1.0))
                .getMessage().contains("trained_betas[1]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> sd.withBetas(BetaSchedule.LINEAR, 0, 0.1, 0.2)).getMessage().contains("num_train_timesteps"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> sd.withBetas(BetaSchedule.LINEAR, 10, -0.1, 0.2)).getMessage().contains("beta_start"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sd.withClipSample(true, 0))
                .getMessage().contains("clip_sample_range"));
    }
}

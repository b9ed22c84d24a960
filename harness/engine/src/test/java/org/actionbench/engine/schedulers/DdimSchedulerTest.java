package org.actionbench.engine.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DdimSchedulerTest {
    private static NDManager manager;

    // β = 0.1, 0.2, 0.5, 0.75 → ᾱ = 0.9, 0.72, 0.36, 0.09; 2 leading steps without offset visit t = 2, 0.
    private static final NoiseSchedule TOY = NoiseSchedule.sd21Base().withTrainedBetas(0.1, 0.2, 0.5, 0.75)
            .withTimestepSpacing(TimestepSpacing.LEADING, 0);
    private static final double SQRT_09 = Math.sqrt(0.9);
    private static final double SQRT_01 = Math.sqrt(0.1);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static DdimScheduler scheduler(NoiseSchedule schedule, int steps) {
        DdimScheduler s = new DdimScheduler(schedule);
        s.setTimesteps(steps);
        return s;
    }

    private static float step(DdimScheduler s, float modelOutput, long t, float sample) {
        try (NDManager m = manager.newSubManager()) {
            return s.step(m.create(new float[] {modelOutput}), t, m.create(new float[] {sample})).getFloat(0);
        }
    }

    @Test
    void sd21FiftyStepsAreLeadingWithOffsetOne() {
        DdimScheduler s = scheduler(NoiseSchedule.sd21Base(), 50);
        long[] ts = s.timesteps();
        assertEquals(50, ts.length);
        assertEquals(981, ts[0]);
        assertEquals(961, ts[1]);
        assertEquals(1, ts[49]);
        assertEquals(961, s.previousTimestep(981));
        assertEquals(-1, s.previousTimestep(1));
        assertEquals(1f, s.initNoiseSigma());
    }

    @Test
    void epsilonStepMatchesTheDdimFormula() {
        NoiseSchedule sd = NoiseSchedule.sd21Base();
        DdimScheduler s = scheduler(sd, 50);
        float[] ac = sd.alphasCumprod();
        double x = 0.5;
        double eps = 0.3;
        // x0 = (x − √(1−ᾱ_t) ε)/√ᾱ_t; x_prev = √ᾱ_prev x0 + √(1−ᾱ_prev) ε, from t = 981 to 961.
        double at = ac[981];
        double ap = ac[961];
        double x0 = (x - Math.sqrt(1 - at) * eps) / Math.sqrt(at);
        double expected = Math.sqrt(ap) * x0 + Math.sqrt(1 - ap) * eps;
        assertEquals(expected, step(s, (float) eps, 981, (float) x), 1e-5);
        // Last step, t = 1: no timestep left, so ᾱ_prev is the final ᾱ = ᾱ_0 (set_alpha_to_one false).
        double a1 = ac[1];
        double a0 = ac[0];
        double x0Last = (x - Math.sqrt(1 - a1) * eps) / Math.sqrt(a1);
        assertEquals(Math.sqrt(a0) * x0Last + Math.sqrt(1 - a0) * eps, step(s, (float) eps, 1, (float) x), 1e-6);
        // With set_alpha_to_one the last step returns x0 itself.
        DdimScheduler toOne = scheduler(sd.withSetAlphaToOne(true), 50);
        assertEquals(x0Last, step(toOne, (float) eps, 1, (float) x), 1e-6);
    }

    @Test
    void toyScheduleStepsByHand() {
        DdimScheduler s = scheduler(TOY, 2);
        assertArrayEquals(new long[] {2, 0}, s.timesteps());
        // t = 2 (√ᾱ = 0.6, √(1−ᾱ) = 0.8), x = 1, ε = 0.5: x0 = (1 − 0.4)/0.6 = 1;
        // t_prev = 0 (ᾱ = 0.9): √0.9·1 + √0.1·0.5 = 1.106797.
        assertEquals(SQRT_09 + SQRT_01 * 0.5, step(s, 0.5f, 2, 1f), 1e-6);
        assertEquals(1.106797, step(s, 0.5f, 2, 1f), 1e-6);
        // t = 0 is the last step: final ᾱ = ᾱ_0 = 0.9, so ᾱ_prev = ᾱ_t and the step is the identity.
        assertEquals(0.7, step(s, 0.25f, 0, 0.7f), 1e-6);
    }

    @Test
    void velocityAndSamplePredictionsStepByHand() {
        // t = 2, x = 1. v = 0.5: x0 = 0.6·1 − 0.8·0.5 = 0.2, ε = 0.6·0.5 + 0.8·1 = 1.1;
        // x_prev = √0.9·0.2 + √0.1·1.1 = 0.537587.
        double expected = SQRT_09 * 0.2 + SQRT_01 * 1.1;
        assertEquals(0.537587, expected, 1e-6);
        DdimScheduler v = scheduler(TOY.withPredictionType(PredictionType.V_PREDICTION), 2);
        assertEquals(expected, step(v, 0.5f, 2, 1f), 1e-6);
        // The same x0 = 0.2 given directly: ε = (1 − 0.6·0.2)/0.8 = 1.1, so the same x_prev.
        DdimScheduler sample = scheduler(TOY.withPredictionType(PredictionType.SAMPLE), 2);
        assertEquals(expected, step(sample, 0.2f, 2, 1f), 1e-6);
    }

    @Test
    void clipSampleClampsPredictedX0Only() {
        // t = 2, x = 1, ε = −1: x0 = (1 + 0.8)/0.6 = 3.
        DdimScheduler plain = scheduler(TOY, 2);
        assertEquals(SQRT_09 * 3 - SQRT_01, step(plain, -1f, 2, 1f), 1e-6);
        // Clipped to 1, with the unclipped ε kept: √0.9·1 − √0.1 = 0.632456.
        DdimScheduler clipped = scheduler(TOY.withClipSample(true, 1.0), 2);
        assertEquals(SQRT_09 - SQRT_01, step(clipped, -1f, 2, 1f), 1e-6);
        try (NDManager m = manager.newSubManager()) {
            NDArray x0 = clipped.predictOriginal(m.create(new float[] {-1f}), 2, m.create(new float[] {1f}));
            assertEquals(1f, x0.getFloat(0), 1e-6f);
            NDArray raw = plain.predictOriginal(m.create(new float[] {-1f}), 2, m.create(new float[] {1f}));
            assertEquals(3f, raw.getFloat(0), 1e-6f);
        }
    }

    /**
     * A model that returns the true ε of x_t = addNoise(x0, ε, t) predicts x0 exactly, and DDIM then lands on
     * addNoise(x0, ε, t_prev): the whole run stays on the forward trajectory. Checks addNoise and step agree.
     */
    @Test
    void perfectEpsilonModelRetracesTheForwardProcess() {
        NoiseSchedule sd = NoiseSchedule.sd21Base();
        runPerfectModel(sd, 50);
        runPerfectModel(sd.withSetAlphaToOne(true), 50);
    }

    @Test
    void perfectVelocityModelRetracesTheForwardProcess() {
        NoiseSchedule v = NoiseSchedule.sd21Base().withPredictionType(PredictionType.V_PREDICTION);
        runPerfectModel(v, 50);
        runPerfectModel(v.withTimestepSpacing(TimestepSpacing.TRAILING, 0).withSetAlphaToOne(true), 10);
        // 7 linspace steps are 999, 832, …, 166, 0: not multiples of anything, which t − N div n would miss.
        runPerfectModel(v.withTimestepSpacing(TimestepSpacing.LINSPACE, 0), 7);
    }

    private static void runPerfectModel(NoiseSchedule schedule, int steps) {
        DdimScheduler ddim = scheduler(schedule, steps);
        ForwardDiffusion forward = new ForwardDiffusion(schedule);
        Random random = new Random(42);
        float[] x0Values = new float[16];
        float[] epsValues = new float[16];
        for (int i = 0; i < 16; i++) {
            x0Values[i] = (float) random.nextGaussian();
            epsValues[i] = (float) random.nextGaussian();
        }
        try (NDManager m = manager.newSubManager()) {
            Shape shape = new Shape(1, 4, 2, 2);
            NDArray x0 = m.create(x0Values, shape);
            NDArray eps = m.create(epsValues, shape);
            long[] ts = ddim.timesteps();
            NDArray x = forward.addNoise(x0, eps, new long[] {ts[0]});
            for (long t : ts) {
                NDArray modelOutput = forward.trainingTarget(x0, eps, new long[] {t});
                NDArray next = ddim.step(modelOutput, t, x);
                long prev = ddim.previousTimestep(t);
                float[] expected = prev >= 0
                        ? forward.addNoise(x0, eps, new long[] {prev}).toFloatArray()
                        : finalSample(x0Values, epsValues, ddim.finalAlphaCumprod());
                assertArrayEquals(expected, next.toFloatArray(), 1e-4f,
                        schedule.timestepSpacing() + " step from t = " + t);
                modelOutput.close();
                x.close();
                x = next;
            }
            if (schedule.setAlphaToOne()) {
                assertArrayEquals(x0Values, x.toFloatArray(), 1e-4f, "clean sample after the last step");
            }
        }
    }

    /** √a x0 + √(1−a) ε, in double. */
    private static float[] finalSample(float[] x0, float[] eps, double a) {
        float[] out = new float[x0.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (Math.sqrt(a) * x0[i] + Math.sqrt(1 - a) * eps[i]);
        }
        return out;
    }

    @Test
    void stepLeavesOnlyItsResultInTheSamplesManager() {
        DdimScheduler s = scheduler(NoiseSchedule.sd21Base(), 50);
        try (NDManager samples = manager.newSubManager(); NDManager model = manager.newSubManager()) {
            NDArray x = samples.create(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new Shape(1, 1, 2, 2));
            int before = samples.getManagedArrays().size();
            for (long t : s.timesteps()) {
                NDArray eps = model.create(new float[] {0.01f, -0.02f, 0.03f, -0.04f}, new Shape(1, 1, 2, 2));
                NDArray next = s.step(eps, t, x);
                assertSame(samples, next.getManager());
                assertSame(model, eps.getManager());
                eps.close();
                x.close();
                x = next;
            }
            // Fifty steps, each closing its input: the manager holds as many arrays as at the start.
            assertEquals(before, samples.getManagedArrays().size());
            assertEquals(0, model.getManagedArrays().size());
        }
    }

    @Test
    void misuseIsRejected() {
        DdimScheduler fresh = new DdimScheduler(NoiseSchedule.sd21Base());
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.create(new float[] {1f});
            assertThrows(IllegalStateException.class, () -> fresh.step(a, 981, a));
            DdimScheduler s = scheduler(NoiseSchedule.sd21Base(), 50);
            assertThrows(IllegalArgumentException.class, () -> s.step(a, 980, a));
            assertThrows(IllegalArgumentException.class, () -> s.step(m.create(new float[] {1f, 2f}), 981, a));
            assertThrows(IllegalArgumentException.class, () -> s.setTimesteps(1001));
            // steps_offset pushing a leading timestep past N − 1.
            DdimScheduler overshoot = new DdimScheduler(NoiseSchedule.sd21Base()
                    .withTimestepSpacing(TimestepSpacing.LEADING, 1000));
            assertThrows(IllegalArgumentException.class, () -> overshoot.setTimesteps(10));
        }
    }
}

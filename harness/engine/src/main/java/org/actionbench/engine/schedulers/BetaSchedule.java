package org.actionbench.engine.schedulers;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the per-step noise variances β_0..β_{N−1} are laid out: diffusers' {@code beta_schedule}.
 *
 * <p>diffusers builds betas as float32 torch tensors, so the values here are float32 computed the way
 * {@code torch.linspace(..., dtype=torch.float32)} computes them on the CPU: start + step·i as one fused
 * multiply-add for the first half and end − step·(N−1−i) for the second half, step = (end − start)/(N − 1) in
 * float32. Measured against torch 2.7.1 through DJL, the betas of SD's scaled_linear and of the linear schedule
 * are bit-identical; anything coarser leaves ~15% of them one ulp off and the alphas_cumprod drift with them.
 */
public enum BetaSchedule {
    /** β_i evenly spaced from beta_start to beta_end (DDPM). */
    LINEAR("linear"),
    /** √β_i evenly spaced from √beta_start to √beta_end, then squared (latent diffusion, Stable Diffusion). */
    SCALED_LINEAR("scaled_linear"),
    /**
     * The cosine schedule of Improved DDPM (Nichol &amp; Dhariwal 2021, Eq. 17): ᾱ(u) = cos²((u + 0.008)/1.008 · π/2),
     * β_i = min(1 − ᾱ((i+1)/N)/ᾱ(i/N), 0.999); beta_start and beta_end are ignored, as in diffusers.
     */
    SQUAREDCOS_CAP_V2("squaredcos_cap_v2");

    /** diffusers' cap on cosine betas: a β of 1 would zero every later ᾱ and make x0 unrecoverable. */
    static final double MAX_COSINE_BETA = 0.999;

    private final String configName;

    BetaSchedule(String configName) {
        this.configName = configName;
    }

    /** The name diffusers writes in {@code scheduler_config.json}. */
    public String configName() {
        return configName;
    }

    /** Parses diffusers' {@code beta_schedule} value. */
    public static BetaSchedule fromConfig(String name) {
        for (BetaSchedule s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("beta_schedule: unknown value '" + name + "' (expected one of "
                + Arrays.stream(values()).map(BetaSchedule::configName).collect(Collectors.joining(", ")) + ")");
    }

    /** The N float32 betas, as diffusers' scheduler constructor computes them. */
    public float[] betas(int numTrainTimesteps, double betaStart, double betaEnd) {
        if (numTrainTimesteps < 1) {
            throw new IllegalArgumentException("num_train_timesteps must be at least 1, got " + numTrainTimesteps);
        }
        switch (this) {
            case LINEAR:
                return linspaceFloat32(betaStart, betaEnd, numTrainTimesteps);
            case SCALED_LINEAR: {
                // The square roots are taken in double (Python floats) before torch narrows them to float32.
                float[] roots = linspaceFloat32(Math.sqrt(betaStart), Math.sqrt(betaEnd), numTrainTimesteps);
                float[] betas = new float[numTrainTimesteps];
                for (int i = 0; i < betas.length; i++) {
                    betas[i] = roots[i] * roots[i];
                }
                return betas;
            }
            case SQUAREDCOS_CAP_V2:
                return cosineBetas(numTrainTimesteps);
            default:
                throw new AssertionError(this);
        }
    }

    /** torch.linspace(start, end, n, dtype=float32) on the CPU, bit for bit (see the class comment). */
    static float[] linspaceFloat32(double start, double end, int n) {
        float s = (float) start;
        float e = (float) end;
        float[] out = new float[n];
        if (n == 1) {
            out[0] = s;
            return out;
        }
        float step = (e - s) / (n - 1);
        int halfway = n / 2;
        for (int i = 0; i < n; i++) {
            out[i] = i < halfway ? Math.fma(step, (float) i, s) : Math.fma(-step, (float) (n - 1 - i), e);
        }
        return out;
    }

    // diffusers computes these in Python doubles and stores them as float32.
    private static float[] cosineBetas(int n) {
        float[] betas = new float[n];
        for (int i = 0; i < n; i++) {
            double beta = 1 - cosineAlphaBar((i + 1) / (double) n) / cosineAlphaBar(i / (double) n);
            betas[i] = (float) Math.min(beta, MAX_COSINE_BETA);
        }
        return betas;
    }

    private static double cosineAlphaBar(double u) {
        double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }
}

package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * diffusers' {@code Timesteps} ({@code get_timestep_embedding}): for half = channels / 2 frequencies
 * f_i = exp(−ln(10000) · i / (half − freq_shift)), the embedding of t is [sin(t f_i)…, cos(t f_i)…], or
 * [cos…, sin…] when {@code flip_sin_to_cos}; an odd channel count gets a trailing zero. Nothing here is
 * learned or differentiated, so it is computed in Java, in float32 step by step as PyTorch computes it.
 */
public final class Timesteps {
    private static final double MAX_PERIOD = 10000;
    private final int channels;
    private final boolean flipSinToCos;
    private final double freqShift;

    public Timesteps(int channels, boolean flipSinToCos, double freqShift) {
        if (channels < 2) {
            throw new IllegalArgumentException("timestep embedding needs at least 2 channels, found " + channels);
        }
        if (channels / 2 - freqShift == 0) {
            throw new IllegalArgumentException("freq_shift " + freqShift + " equals half of " + channels
                    + " channels: the frequencies would divide by zero");
        }
        this.channels = channels;
        this.flipSinToCos = flipSinToCos;
        this.freqShift = freqShift;
    }

    public int channels() {
        return channels;
    }

    /** The embeddings of {@code timesteps}, row-major [timesteps.length, channels]. */
    public float[] embed(float[] timesteps) {
        int half = channels / 2;
        float[] freqs = new float[half];
        float logPeriod = (float) -Math.log(MAX_PERIOD);
        float denominator = (float) (half - freqShift);
        for (int i = 0; i < half; i++) {
            freqs[i] = (float) Math.exp((logPeriod * i) / denominator);
        }
        float[] out = new float[timesteps.length * channels];
        for (int b = 0; b < timesteps.length; b++) {
            for (int i = 0; i < half; i++) {
                float arg = timesteps[b] * freqs[i];
                float sin = (float) Math.sin(arg);
                float cos = (float) Math.cos(arg);
                out[b * channels + i] = flipSinToCos ? cos : sin;
                out[b * channels + half + i] = flipSinToCos ? sin : cos;
            }
        }
        return out;
    }

    /**
     * timesteps: [B] or a single value (scalar or [1], used for the whole batch), any numeric type →
     * [batch, channels] float32 in the timesteps' manager.
     */
    public NDArray forward(NDArray timesteps, long batch) {
        return forward(timesteps, batch, timesteps.getManager());
    }

    /** As {@link #forward(NDArray, long)}, the result created in {@code m} (e.g. the step's manager). */
    public NDArray forward(NDArray timesteps, long batch, NDManager m) {
        float[] t;
        // A copy even when already float32, so closing it never closes the caller's array.
        try (NDArray asFloat = timesteps.toType(DataType.FLOAT32, true)) {
            t = asFloat.toFloatArray();
        }
        if (t.length == 1 && batch != 1) {
            float v = t[0];
            t = new float[(int) batch];
            java.util.Arrays.fill(t, v);
        } else if (t.length != batch) {
            throw new IllegalArgumentException("got " + t.length + " timesteps for a batch of " + batch);
        }
        try (NDArray wrapped = m.create(embed(t), new Shape(batch, channels))) {
            // create() wraps a direct buffer; a native copy owns its memory.
            return wrapped.duplicate();
        }
    }
}

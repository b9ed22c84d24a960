package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Randomness that depends only on (run seed, purpose, step index). A training step derives a fresh
 * generator for each use ("noise", "timesteps", "dropout"…) instead of drawing from one stream or from
 * torch's global generator, so a run resumed at step k draws exactly what the uninterrupted run drew at
 * step k, and adding a new use of randomness does not shift the others.
 *
 * <p>The derivation is fixed here (FNV-1a of the purpose's UTF-8 bytes, chained SplitMix64 finalisers,
 * then {@link SplittableRandom}) and must not change: recorded seeds would no longer reproduce their runs.
 */
public final class Seeds {
    private Seeds() {}

    /** A generator for one purpose at one step of a run. */
    public static RandomGenerator derive(long seed, String purpose, long step) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        h = mix(h ^ fnv1a(purpose));
        h = mix(h ^ step);
        return new SplittableRandom(h);
    }

    /**
     * A float32 array of standard normal values drawn in row-major order from {@code random} on the Java
     * side, so its values depend on nothing but the generator (not on torch's RNG, thread count or device).
     */
    public static NDArray gaussian(NDManager manager, Shape shape, RandomGenerator random) {
        long n = shape.size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + shape + " is too large to fill from Java");
        }
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }

    /** The SplitMix64 output function: a bijection that spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long fnv1a(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }
}

package org.actionbench.engine.nn;

import java.util.function.Supplier;

/**
 * Counts the multiply-add work of matrix products (linear layers, convolutions, attention scores and
 * mixing) done on this thread while a counter is active, 2 FLOPs per multiply-add. Norms, activations and
 * softmax are left out: they are a few percent of a UNet's work. Benchmarks use it to report achieved
 * GFLOP/s; when no counter is active the cost is one thread-local read per product.
 */
public final class FlopCounter {
    private static final ThreadLocal<long[]> ACTIVE = new ThreadLocal<>();

    private FlopCounter() {
    }

    /** The result of {@code work} and the FLOPs it did. */
    public record Counted<T>(T result, long flops) {}

    public static <T> Counted<T> count(Supplier<T> work) {
        long[] outer = ACTIVE.get();
        long[] counter = {0};
        ACTIVE.set(counter);
        try {
            T result = work.get();
            return new Counted<>(result, counter[0]);
        } finally {
            ACTIVE.set(outer);
            if (outer != null) {
                outer[0] += counter[0];
            }
        }
    }

    /** Records {@code multiplyAdds} multiply-adds if a counter is active. */
    public static void add(long multiplyAdds) {
        long[] c = ACTIVE.get();
        if (c != null) {
            c[0] += 2 * multiplyAdds;
        }
    }
}

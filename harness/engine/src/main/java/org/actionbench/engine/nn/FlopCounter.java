package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import java.util.function.Supplier;

/**
 * Counts the multiply-add work of matrix products (linear layers, convolutions, attention scores and
 * mixing) done on this thread while a counter is active, 2 FLOPs per multiply-add. Norms, activations and
 * softmax are left out: they are a few percent of a UNet's work. Benchmarks use it to report achieved
 * GFLOP/s; when no counter is active the cost is one thread-local read per product.
 *
 * <p>The backward pass runs inside libtorch, out of the engine's sight, so a product recorded with
 * {@link #addProduct} also books, apart, the work autograd will do for it: a product of the same size for the
 * gradient of each operand that requires one (the activation's gradient when anything before it is trained,
 * the weight's when the weight is). {@code run --plan} counts both; the benchmarks keep their own convention.
 * Whether an operand requires a gradient is libtorch's answer through DJL, which is right for leaf tensors
 * (trained weights, a learned embedding row) but false for every intermediate result, even under a gradient
 * collector (measured with DJL 0.36): the gradients autograd propagates through activations of frozen
 * layers are not booked, so the backward count is a lower bound (exact for the weights' gradients).
 */
public final class FlopCounter {
    private static final ThreadLocal<long[]> ACTIVE = new ThreadLocal<>();

    private FlopCounter() {
    }

    /**
     * The result of {@code work}, the FLOPs of its forward products, and the FLOPs autograd does for them in a
     * backward pass (whether it runs inside {@code work} or later).
     */
    public record Counted<T>(T result, long flops, long backwardFlops) {
        /** Forward and backward together. */
        public long totalFlops() {
            return flops + backwardFlops;
        }
    }

    public static <T> Counted<T> count(Supplier<T> work) {
        long[] outer = ACTIVE.get();
        long[] counter = {0, 0};
        ACTIVE.set(counter);
        try {
            T result = work.get();
            return new Counted<>(result, counter[0], counter[1]);
        } finally {
            ACTIVE.set(outer);
            if (outer != null) {
                outer[0] += counter[0];
                outer[1] += counter[1];
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

    /**
     * Records a product of {@code multiplyAdds} multiply-adds of {@code operands} if a counter is active, and
     * as backward work the same amount once per operand that requires a gradient.
     */
    public static void addProduct(long multiplyAdds, NDArray... operands) {
        long[] c = ACTIVE.get();
        if (c == null) {
            return;
        }
        c[0] += 2 * multiplyAdds;
        for (NDArray operand : operands) {
            if (operand.hasGradient()) {
                c[1] += 2 * multiplyAdds;
            }
        }
    }

    /**
     * {@link #addProduct(long, NDArray...)} for operands whose need of a gradient the caller knows (an
     * intermediate of the product, such as attention's probabilities, is no array it holds).
     */
    public static void addProduct(long multiplyAdds, boolean... operandNeedsGradient) {
        long[] c = ACTIVE.get();
        if (c == null) {
            return;
        }
        c[0] += 2 * multiplyAdds;
        for (boolean needs : operandNeedsGradient) {
            if (needs) {
                c[1] += 2 * multiplyAdds;
            }
        }
    }
}

package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Eager release of a block's intermediate arrays, so their memory goes back to the allocator (and its
 * caches) as soon as they are consumed instead of when the step's scope closes (issue 17 measured a
 * GroupNorm at 56 µs with its temporaries freed at once, 89 µs with them kept).
 *
 * <p>Closing a DJL array releases only this handle's reference to the libtorch tensor: a tensor autograd
 * saved for the backward pass (or a view's base) keeps its storage until the graph lets go, so closing is
 * safe on a differentiable path. It is not safe for arrays that wrap Java memory (DJL's
 * {@code manager.create(float)} and scalar overloads, see {@link Functional}) or for arrays a caller still
 * holds: pass only arrays the block itself created from libtorch ops and no longer reads.
 */
public final class Temporaries {
    private Temporaries() {
    }

    public static void close(NDArray... arrays) {
        for (NDArray a : arrays) {
            a.close();
        }
    }

    public static void close(NDList arrays) {
        arrays.close();
    }
}

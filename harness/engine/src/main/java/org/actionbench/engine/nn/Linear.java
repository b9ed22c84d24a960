package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;

/**
 * y = x Wᵀ + b with W stored [out, in] as in PyTorch checkpoints, as libtorch's {@code linear}: one
 * {@code addmm} over the flattened leading axes instead of a transposed matMul and a separate add.
 */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(long in, long out, boolean bias) {
        this.weight = parameter("weight", Init.fanIn(), out, in);
        this.bias = bias ? parameter("bias", Init.zeros(), out) : null;
    }

    public NDArray forward(NDArray x) {
        long[] w = weight.shape().getShape();
        FlopCounter.addProduct(x.size() / w[1] * w[0] * w[1], x, weight.array());
        return x.getNDArrayInternal().linear(x, weight.array(), bias == null ? null : bias.array())
                .singletonOrThrow();
    }

    public Parameter weight() {
        return weight;
    }
}

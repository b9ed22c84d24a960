package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Layer normalisation over the last dimension, with affine weight and bias. */
public final class LayerNorm extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final long dim;
    private final float eps;

    public LayerNorm(long dim, double eps) {
        this.dim = dim;
        this.eps = (float) eps;
        this.weight = parameter("weight", Init.ones(), dim);
        this.bias = parameter("bias", Init.zeros(), dim);
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(dim), weight.array(), bias.array(), eps)
                .singletonOrThrow();
    }
}

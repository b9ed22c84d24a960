package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** A lookup table [num, dim]; rows are gathered by integer ids of any shape. */
public final class Embedding extends Module {
    private final Parameter weight;
    private final long dim;

    public Embedding(long num, long dim, double initStd) {
        this.dim = dim;
        this.weight = parameter("weight", Init.normal(initStd), num, dim);
    }

    /** ids (int64, any shape) → embeddings of shape ids.shape + [dim]. */
    public NDArray forward(NDArray ids) {
        NDArray rows = weight.array().get(new NDIndex("{}", ids.flatten()));
        return rows.reshape(ids.getShape().add(dim));
    }

    public Parameter weight() {
        return weight;
    }
}

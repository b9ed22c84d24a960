package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's {@code nn.GroupNorm}: channels (axis 1) split into groups, each group normalised over its
 * channels and all positions with the biased variance, then a per-channel affine map. DJL has no group-norm
 * op, so it is composed from reshape, mean and arithmetic, all differentiable.
 */
public final class GroupNorm extends Module {
    private final int groups;
    private final long channels;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public GroupNorm(int groups, long channels, double eps, boolean affine) {
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + groups + " groups must divide " + channels
                    + " channels");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = (float) eps;
        this.weight = affine ? parameter("weight", Init.ones(), channels) : null;
        this.bias = affine ? parameter("bias", Init.zeros(), channels) : null;
    }

    /** x [B, C, ...] → same shape. */
    public NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        if (shape.dimension() < 2 || shape.get(1) != channels) {
            throw new IllegalArgumentException("GroupNorm over " + channels + " channels got input " + shape);
        }
        NDArray g = x.reshape(shape.get(0), groups, -1);
        NDArray centred = g.sub(g.mean(new int[] {2}, true));
        NDArray variance = centred.mul(centred).mean(new int[] {2}, true);
        NDArray normed = centred.div(variance.add(x.getManager().create(eps)).sqrt()).reshape(shape);
        if (weight == null) {
            return normed;
        }
        long[] affineShape = new long[shape.dimension()];
        java.util.Arrays.fill(affineShape, 1);
        affineShape[1] = channels;
        Shape s = new Shape(affineShape);
        return normed.mul(weight.array().reshape(s)).add(bias.array().reshape(s));
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }
}

package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A square-kernel 2-D convolution as PyTorch's {@code nn.Conv2d} stores it: weight
 * {@code [out, in, k, k]}, optional bias {@code [out]}, symmetric zero padding, same stride on both axes.
 */
public final class Conv2d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final int stride;
    private final int padding;

    /** A biased convolution initialised with std 1/sqrt(in·k·k) weights and zero bias. */
    public Conv2d(long in, long out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, true, Init.fanIn());
    }

    /**
     * {@code weightInit} chooses the random fill (e.g. {@link Init#zeros()} for ControlNet's zero
     * convolutions); the bias, when present, starts at zero.
     */
    public Conv2d(long in, long out, int kernel, int stride, int padding, boolean bias, Init weightInit) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("invalid Conv2d: in=" + in + " out=" + out + " kernel=" + kernel
                    + " stride=" + stride + " padding=" + padding);
        }
        this.weight = parameter("weight", weightInit, out, in, kernel, kernel);
        this.bias = bias ? parameter("bias", Init.zeros(), out) : null;
        this.stride = stride;
        this.padding = padding;
    }

    /** x [B, in, H, W] → [B, out, H', W']. */
    public NDArray forward(NDArray x) {
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, weight.array(), bias == null ? null : bias.array(),
                new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
        long[] w = weight.shape().getShape();
        FlopCounter.add(y.size() * w[1] * w[2] * w[3]);
        return y;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the convolution has none. */
    public Parameter bias() {
        return bias;
    }
}

package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A square-kernel 2-D convolution as PyTorch's {@code nn.Conv2d} stores it: weight
 * {@code [out, in, k, k]}, optional bias {@code [out]}, symmetric zero padding, same stride on both axes.
 */
public final class Conv2d extends Module {
    /**
     * Output channels are zero-padded to a multiple of this before convolving. libtorch 2.7.1's oneDNN
     * computes the input gradient of a convolution with fewer than 16 output channels wrongly (garbage,
     * sometimes NaN) for batches of two or more on AVX-512 and AVX2 CPUs; with 16 it is right (measured on an
     * AMD EPYC; SSE4.1 kernels are right for every count). A UNet's and a VAE's last convolutions (4, 3 or 8
     * channels) are the ones this hits; the extra zero channels cost a few percent of those layers only.
     */
    private static final long OUTPUT_CHANNEL_BLOCK = 16;

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
        long[] w = weight.shape().getShape();
        long out = w[0];
        long padded = (out + OUTPUT_CHANNEL_BLOCK - 1) / OUTPUT_CHANNEL_BLOCK * OUTPUT_CHANNEL_BLOCK;
        NDArray kernel = weight.array();
        NDArray shift = bias == null ? null : bias.array();
        if (padded != out) {
            NDManager m = x.getManager();
            kernel = kernel.concat(m.zeros(new Shape(padded - out, w[1], w[2], w[3]), kernel.getDataType()), 0);
            shift = shift == null ? null : shift.concat(m.zeros(new Shape(padded - out), shift.getDataType()), 0);
        }
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, kernel, shift, new Shape(stride, stride),
                new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
        if (padded != out) {
            y = y.get(":, :" + out);
        }
        FlopCounter.addProduct(y.size() * w[1] * w[2] * w[3], x, kernel);
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

package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;

/**
 * Operations that are safe on a differentiable path.
 *
 * <p>DJL turns the number of {@code x.mul(3f)} (and of every other scalar overload) into a tensor over a
 * Java direct buffer and releases it when the op returns, while PyTorch's autograd keeps that tensor for
 * the backward pass: once the garbage collector has reclaimed the buffer, the gradient is computed from
 * freed memory (measured: 777 instead of 3 in 20 of 20 trials after a forced GC). So anything that may be
 * differentiated multiplies by a scalar <em>array</em> owned by the operand's manager, which lives until
 * the step's scope closes. Non-differentiated code (sampling, optimizer updates) may use the overloads.
 */
public final class Functional {
    private Functional() {
    }

    /** x · s, with s kept alive as long as x's manager. */
    public static NDArray mulScalar(NDArray x, float s) {
        return x.mul(x.getManager().create(s));
    }

    /** OpenAI CLIP's activation x · σ(1.702 x). */
    public static NDArray quickGelu(NDArray x) {
        return x.mul(ai.djl.nn.Activation.sigmoid(mulScalar(x, 1.702f)));
    }

    /** SiLU (swish with β = 1): x · σ(x), the activation of Stable Diffusion's UNet, VAE and ControlNet. */
    public static NDArray silu(NDArray x) {
        NDArray gate = ai.djl.nn.Activation.sigmoid(x);
        NDArray y = x.mul(gate);
        Temporaries.close(gate); // autograd keeps its own reference when it needs the gate for the backward pass
        return y;
    }
}

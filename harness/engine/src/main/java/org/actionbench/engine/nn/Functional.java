package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

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

    /**
     * x in {@code type}, differentiably; x itself when it already is (no op is added, so a float32 model's
     * graph is exactly what it was before half precision existed). DJL's {@code toType} runs libtorch's
     * {@code to} under a no-grad guard, which would cut the gradient from a half-precision UNet back to the
     * float32 token rows; a cumulative product over an added axis of length one is the identity on each
     * element, takes its dtype argument as a cast before the product, and autograd differentiates both (the
     * gradient comes back cast to x's type).
     */
    public static NDArray cast(NDArray x, DataType type) {
        if (x.getDataType() == type) {
            return x;
        }
        NDArray column = x.expandDims(-1);
        NDArray cast = JniUtils.cumProd((PtNDArray) column, -1, type);
        NDArray y = cast.squeeze(-1);
        Temporaries.close(column, cast);
        return y;
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

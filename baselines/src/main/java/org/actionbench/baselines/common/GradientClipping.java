package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.utils.clip_grad_norm_} as the DreamBooth and Custom Diffusion scripts call it
 * ({@code max_grad_norm} 1.0): every gradient is scaled by min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ the 2-norm of
 * all gradients together.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The gradients clipped to a total 2-norm of {@code maxNorm} (new arrays in each gradient's manager). */
    public static Map<String, NDArray> clipGlobalNorm(Map<String, NDArray> gradients, double maxNorm) {
        // Each tensor's sum of squares in float32 on the device, then all of them read at once (one transfer
        // instead of one per tensor: DreamBooth clips ~300 of them every step) and added in double, in order.
        NDList squares = new NDList(gradients.size());
        for (NDArray g : gradients.values()) {
            squares.add(g.square().sum());
        }
        float[] perTensor = NDArrays.stack(squares).toFloatArray();
        double sumSquares = 0;
        for (float v : perTensor) {
            sumSquares += v;
        }
        double total = Math.sqrt(sumSquares);
        double coefficient = Math.min(1.0, maxNorm / (total + 1e-6));
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : gradients.entrySet()) {
            out.put(e.getKey(), coefficient == 1.0 ? e.getValue() : e.getValue().mul((float) coefficient));
        }
        return out;
    }
}

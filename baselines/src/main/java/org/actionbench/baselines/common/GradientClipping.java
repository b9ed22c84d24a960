package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
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
        double sumSquares = 0;
        for (NDArray g : gradients.values()) {
            sumSquares += g.square().sum().getFloat();
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

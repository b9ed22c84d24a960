package org.actionbench.engine.train;

import org.actionbench.engine.nn.StepScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The loss of one forward pass and the gradients of the trainable tensors, computed under DJL's
 * {@link GradientCollector}.
 *
 * <p>With the PyTorch engine a backward pass adds into each tensor's {@code .grad}, and a new collector
 * does not clear it (measured, and pinned by {@code GradientCollectorBehaviourTest}). So {@link #compute}
 * copies every gradient out and then zeroes {@code .grad}: each call returns the gradient of its own loss
 * alone, whether or not a future DJL clears gradients itself. Summing over micro-batches is then explicit
 * ({@link GradientAccumulator}) instead of a side effect.
 *
 * <p>A loss must not multiply by plain numbers on its differentiable path: see
 * {@link org.actionbench.engine.nn.Functional} for why and what to use instead.
 *
 * @param loss the loss value, for logging
 * @param byName one float32 gradient per trainable tensor, of its shape, owned by the manager passed to
 *     {@link #compute}
 */
public record Gradients(float loss, Map<String, NDArray> byName) {

    public Gradients {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /**
     * Runs {@code lossFunction} under a gradient collector, back-propagates its scalar result and returns
     * the loss with the gradients of {@code trainable}, copied into {@code into} (normally the step's
     * manager). Every trainable tensor must require a gradient ({@link NDArray#setRequiresGradient}) and
     * frozen tensors should not, so that no gradient is computed for them. Call it inside a
     * {@link StepScope}: the forward pass's intermediates are the step's.
     */
    public static Gradients compute(Map<String, NDArray> trainable, NDManager into, Supplier<NDArray> lossFunction) {
        for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
            if (!e.getValue().hasGradient()) {
                throw new IllegalArgumentException("trainable tensor '" + e.getKey()
                        + "' does not require a gradient; call setRequiresGradient(true) on it before training");
            }
        }
        float lossValue;
        try (GradientCollector collector = into.getEngine().newGradientCollector()) {
            NDArray loss = lossFunction.get();
            if (loss.getShape().size() != 1) {
                throw new IllegalArgumentException("the loss must be a single value, got shape " + loss.getShape());
            }
            collector.backward(loss);
            lossValue = loss.toType(DataType.FLOAT32, false).toFloatArray()[0];
        }
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
            NDArray tensor = e.getValue();
            try (NDArray alias = tensor.getGradient()) {
                // The alias shares .grad's storage, which is zeroed next: keep a copy.
                NDArray copy = alias.duplicate();
                copy.attach(into);
                gradients.put(e.getKey(), copy);
            }
            zeroGradient(tensor);
        }
        return new Gradients(lossValue, gradients);
    }

    /** Sets {@code .grad} to exact zeros (not g − g, which keeps NaN and infinities). */
    private static void zeroGradient(NDArray tensor) {
        JniUtils.zeroGrad((PtNDArray) tensor);
    }
}

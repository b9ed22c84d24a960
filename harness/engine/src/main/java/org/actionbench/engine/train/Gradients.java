package org.actionbench.engine.train;

import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.StepScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** accelerate's (torch's) initial {@code GradScaler} scale. */
    static final float HALF_PRECISION_LOSS_SCALE = 65536f;

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
        return compute(trainable, into, lossFunction, 1);
    }

    /**
     * The first loss scale of a backward pass that reads {@code frozen}: 2¹⁶ (accelerate's {@code GradScaler} starts
     * there) when any of them is float16, else 1, which leaves the pass exactly as without scaling.
     */
    public static float lossScaleFor(List<NDArray> frozen) {
        for (NDArray a : frozen) {
            if (a.getDataType() == DataType.FLOAT16) {
                return HALF_PRECISION_LOSS_SCALE;
            }
        }
        return 1;
    }

    /**
     * As {@link #compute(Map, NDManager, Supplier)}, back-propagating loss · {@code lossScale} and dividing the
     * gradients by it: loss scaling for a backward pass through float16 components, where the gradient of a mean
     * over many latent elements (≈ 2·10⁻⁵ each at 512 px) lies below float16's smallest normal number (6.1·10⁻⁵)
     * and loses digits or vanishes. A non-finite gradient then means float16 overflowed, and the pass runs again
     * (the loss function must draw the same batch again) with half the scale, down to 1, where a non-finite
     * gradient is returned as it is. Unlike torch's {@code GradScaler}, no step is skipped and every call starts
     * from {@code lossScale}, so a resumed training scales each step as an uninterrupted one did. Powers of two
     * scale and unscale exactly; a scale of 1 adds no operation.
     */
    public static Gradients compute(Map<String, NDArray> trainable, NDManager into, Supplier<NDArray> lossFunction,
            float lossScale) {
        for (float scale = lossScale; ; scale /= 2) {
            Gradients g = computeScaled(trainable, into, lossFunction, scale);
            if (scale <= 1 || g.isFinite()) {
                return g;
            }
            g.byName().values().forEach(NDArray::close);
        }
    }

    private boolean isFinite() {
        for (NDArray g : byName.values()) {
            try (NDArray overflowed = g.isInfinite().logicalOr(g.isNaN()).any()) {
                if (overflowed.getBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Gradients computeScaled(Map<String, NDArray> trainable, NDManager into,
            Supplier<NDArray> lossFunction, float scale) {
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
            collector.backward(scale == 1 ? loss : Functional.mulScalar(loss, scale));
            lossValue = loss.toType(DataType.FLOAT32, false).toFloatArray()[0];
        }
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
            NDArray tensor = e.getValue();
            try (NDArray alias = tensor.getGradient()) {
                // The alias shares .grad's storage, which is zeroed next: keep a copy.
                NDArray copy = scale == 1 ? alias.duplicate() : alias.div(scale);
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

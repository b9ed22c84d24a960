package org.actionbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with the update of PyTorch's {@code torch.optim.AdamW} (single-tensor path, no amsgrad, no
 * maximize), in float32 with the same order of operations, plus an optional per-channel mask.
 *
 * <p>One step with t ← t + 1, gradient g, γ = learning rate, λ = weight decay:
 * <pre>
 *   θ ← θ · (1 − γλ)                                decoupled decay, before the moments
 *   m ← lerp(m, g, 1 − β1)                          = β1 m + (1 − β1) g
 *   v ← v · β2 + ((1 − β2) · g) · g
 *   denom = sqrt(v) / sqrt(1 − β2^t) + eps          eps is added after the bias correction
 *   θ ← θ + ((−γ / (1 − β1^t)) · m) / denom
 * </pre>
 * Bias corrections and the step size are computed in double and enter the float32 tensor arithmetic as
 * float scalars, as torch does with Python floats on float32 tensors.
 *
 * <p><b>Masks.</b> A step may carry, per trainable tensor, a mask broadcastable to its shape (e.g. shape
 * {@code [d]} for a {@code [d]} token or {@code [1, d]}, {@code [n, d]} for n tokens); a zero/false channel
 * behaves as if this step did not happen for it: its value is bit-exactly unchanged (no decay, no update)
 * and so are its m and v. The step count t is global: a channel masked out at step 5 and trained at step
 * 6 is bias-corrected with t = 6. Masking selects with {@code where}, never multiplies, so unselected
 * values are the old bits exactly. (DJL's built-in AdamW decays masked channels, which ADI cannot use.)
 *
 * <p>Trainable tensors are updated in place, so modules and step scopes that hold them stay valid; the
 * moments live in this optimizer's own manager, closed by {@link #close()}. Each tensor is updated in its
 * own scratch manager, so the extra memory of a step is a few copies of the largest tensor, not of all.
 */
public final class AdamW implements AutoCloseable {
    private static final NDIndex ALL = new NDIndex("...");

    private final NDManager state;
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private AdamWConfig config;
    private long stepCount;

    /**
     * @param parent manager that outlives training; the moments are allocated in a sub-manager of it
     * @param parameters the trainable float32 tensors by name, in a stable order (the checkpoint's order)
     */
    public AdamW(NDManager parent, Map<String, NDArray> parameters, AdamWConfig config) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("AdamW needs at least one trainable tensor");
        }
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            if (e.getValue().getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("trainable tensor '" + e.getKey() + "' is "
                        + e.getValue().getDataType() + "; AdamW trains float32 tensors only");
            }
        }
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.config = config;
        this.state = parent.newSubManager();
        for (Map.Entry<String, NDArray> e : this.parameters.entrySet()) {
            Shape shape = e.getValue().getShape();
            firstMoments.put(e.getKey(), state.zeros(shape, DataType.FLOAT32));
            secondMoments.put(e.getKey(), state.zeros(shape, DataType.FLOAT32));
        }
    }

    /** One step on every trainable tensor, no mask. */
    public void step(Map<String, NDArray> gradients) {
        step(gradients, Map.of());
    }

    /**
     * One step on every trainable tensor. {@code gradients} must hold one gradient per trainable tensor,
     * of its shape. {@code masks} may hold, for any subset of the tensors, a boolean or 0/1 array
     * broadcastable to the tensor's shape; tensors without a mask are updated on every channel.
     */
    public void step(Map<String, NDArray> gradients, Map<String, NDArray> masks) {
        for (String name : gradients.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("gradient for '" + name + "', which is not a trainable tensor of "
                        + "this optimizer (trainable: " + parameters.keySet() + ")");
            }
        }
        for (String name : masks.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("mask for '" + name + "', which is not a trainable tensor of "
                        + "this optimizer (trainable: " + parameters.keySet() + ")");
            }
        }
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            String name = e.getKey();
            NDArray gradient = gradients.get(name);
            if (gradient == null) {
                throw new IllegalArgumentException("no gradient for trainable tensor '" + name + "'");
            }
            if (!gradient.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("gradient for '" + name + "' has shape " + gradient.getShape()
                        + ", the tensor has shape " + e.getValue().getShape());
            }
            if (gradient.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("gradient for '" + name + "' is " + gradient.getDataType()
                        + ", expected float32");
            }
            NDArray mask = masks.get(name);
            if (mask != null) {
                checkBroadcastable(name, mask.getShape(), e.getValue().getShape());
            }
        }

        stepCount++;
        double lr = config.learningRate();
        double bias1 = 1 - Math.pow(config.beta1(), stepCount);
        double bias2 = 1 - Math.pow(config.beta2(), stepCount);
        Scalars s = new Scalars(
                (float) (1 - lr * config.weightDecay()),
                (float) (1 - config.beta1()),
                (float) config.beta2(),
                (float) (1 - config.beta2()),
                (float) Math.sqrt(bias2),
                (float) config.eps(),
                (float) -(lr / bias1));
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            String name = e.getKey();
            update(e.getValue(), gradients.get(name), masks.get(name), firstMoments.get(name),
                    secondMoments.get(name), s);
        }
    }

    /** The float32 scalars of one step, each rounded once from its double value. */
    private record Scalars(float decay, float lerpWeight, float beta2, float oneMinusBeta2, float bias2Sqrt,
            float eps, float negStepSize) {}

    private void update(NDArray parameter, NDArray gradient, NDArray mask, NDArray m, NDArray v, Scalars s) {
        try (NDManager scratch = state.newSubManager()) {
            // Every operand is attached here for the update, so every intermediate is freed with it.
            gradient.tempAttach(scratch);
            m.tempAttach(scratch);
            v.tempAttach(scratch);
            if (mask != null && mask != gradient) {
                mask.tempAttach(scratch);
            }
            // A detached alias shares the tensor's storage: writing through it updates the trainable tensor
            // in place without being an in-place operation on an autograd leaf.
            NDArray theta = parameter.stopGradient();
            theta.attach(scratch);

            // A masked step keeps the old values, to put back where the mask is off.
            NDArray[] before = mask == null ? null : new NDArray[] {theta.duplicate(), m.duplicate(), v.duplicate()};
            // torch's operations in torch's order, written in place: no result tensors to copy back (a pass
            // each over every trained weight, for DreamBooth the whole UNet).
            theta.muli(s.decay());
            lerpInPlace(m, gradient, s.lerpWeight());
            v.muli(s.beta2()).addi(gradient.mul(s.oneMinusBeta2()).mul(gradient));
            NDArray denom = v.sqrt().divi(s.bias2Sqrt()).addi(s.eps());
            theta.addi(m.mul(s.negStepSize()).divi(denom));

            if (mask != null) {
                NDArray keep = mask.getDataType() == DataType.BOOLEAN ? mask : mask.toType(DataType.BOOLEAN, false);
                keep = keep.broadcast(theta.getShape());
                theta.set(ALL, NDArrays.where(keep, theta, before[0]));
                m.set(ALL, NDArrays.where(keep, m, before[1]));
                v.set(ALL, NDArrays.where(keep, v, before[2]));
            }
        }
    }

    /**
     * torch.lerp written into {@code start}; its two branches: the one chosen by |w| < 0.5 keeps the rounding of
     * the nearer endpoint.
     */
    private static void lerpInPlace(NDArray start, NDArray end, float weight) {
        if (Math.abs(weight) < 0.5f) {
            start.addi(end.sub(start).mul(weight));
        } else {
            start.set(ALL, end.sub(end.sub(start).mul(1f - weight)));
        }
    }

    private static void checkBroadcastable(String name, Shape mask, Shape target) {
        boolean ok = mask.dimension() <= target.dimension();
        for (int i = 1; ok && i <= mask.dimension(); i++) {
            long md = mask.get(mask.dimension() - i);
            ok = md == 1 || md == target.get(target.dimension() - i);
        }
        if (!ok) {
            throw new IllegalArgumentException("mask for '" + name + "' has shape " + mask
                    + ", which does not broadcast to the tensor's shape " + target);
        }
    }

    /** Steps taken so far (torch's {@code state['step']}); the next step uses t = stepCount() + 1. */
    public long stepCount() {
        return stepCount;
    }

    public AdamWConfig config() {
        return config;
    }

    /** Changes the learning rate from the next step on (schedules); the moments are unaffected. */
    public void setLearningRate(double learningRate) {
        config = config.withLearningRate(learningRate);
    }

    /** The trainable tensors by name, in order. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** m of one tensor (owned by this optimizer; read, do not close). */
    public NDArray firstMoment(String name) {
        return moment(firstMoments, name);
    }

    /** v of one tensor (owned by this optimizer; read, do not close). */
    public NDArray secondMoment(String name) {
        return moment(secondMoments, name);
    }

    private static NDArray moment(Map<String, NDArray> moments, String name) {
        NDArray a = moments.get(name);
        if (a == null) {
            throw new IllegalArgumentException("'" + name + "' is not a trainable tensor of this optimizer");
        }
        return a;
    }

    /**
     * Replaces the state from a checkpoint: the step count and, copied in place, the moments. Shapes are
     * checked by the caller, which knows the file and key to name.
     */
    void restore(long newStepCount, Map<String, NDArray> m, Map<String, NDArray> v) {
        if (newStepCount < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + newStepCount);
        }
        for (String name : parameters.keySet()) {
            firstMoments.get(name).set(ALL, m.get(name));
            secondMoments.get(name).set(ALL, v.get(name));
        }
        stepCount = newStepCount;
    }

    /** Frees the moments; the trainable tensors belong to the caller and stay open. */
    @Override
    public void close() {
        state.close();
    }
}

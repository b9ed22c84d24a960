package org.actionbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of trainable tensors, the weights a diffusion model is usually sampled
 * with: the raw weights of a short run at a useful learning rate still carry the last steps' noise, which
 * shows as speckle in the images. Update {@code n} (counting from 1) uses the decay
 * {@code min(decay, (1 + n) / (10 + n))}, the warm-up diffusers' {@code EMAModel} applies, so the average
 * follows the fast-moving early weights instead of staying near the random initialisation.
 *
 * <p>The averages live in a sub-manager of the one given; {@link #tensors()} exposes them by the
 * parameters' names so a {@link TrainingCheckpoint} can carry them and a resumed run continues bit for bit.
 */
public final class ExponentialMovingAverage implements AutoCloseable {
    private static final NDIndex ALL = new NDIndex("...");

    private final NDManager state;
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> averages = new LinkedHashMap<>();
    private final double decay;

    /** Starts the averages at the tensors' current values. */
    public ExponentialMovingAverage(NDManager parent, Map<String, NDArray> parameters, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must lie in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.state = parent.newSubManager();
        for (Map.Entry<String, NDArray> e : this.parameters.entrySet()) {
            NDArray alias = e.getValue().stopGradient();
            NDArray copy = alias.duplicate();
            copy.attach(state);
            alias.close();
            averages.put(e.getKey(), copy);
        }
    }

    /** The decay update {@code n} (1-based) uses. */
    public double decayAt(long n) {
        return Math.min(decay, (1.0 + n) / (10.0 + n));
    }

    /** Folds the tensors' current values in as update {@code n} (1-based): avg = d·avg + (1 − d)·θ. */
    public void update(long n) {
        double decayNow = decayAt(n);
        float d = (float) decayNow;
        float w = (float) (1 - decayNow);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray avg = averages.get(e.getKey());
            try (NDManager scratch = state.newSubManager()) {
                NDArray theta = e.getValue().stopGradient();
                theta.attach(scratch);
                avg.tempAttach(scratch);
                avg.set(ALL, avg.mul(d).add(theta.mul(w)));
            }
        }
    }

    /** The averages by parameter name (live arrays: a checkpoint restore writes into them). */
    public Map<String, NDArray> tensors() {
        return Collections.unmodifiableMap(averages);
    }

    /** Writes the averages into the tensors themselves (at the end of training). */
    public void copyToParameters() {
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            try (NDManager scratch = state.newSubManager()) {
                NDArray theta = e.getValue().stopGradient();
                theta.attach(scratch);
                NDArray avg = averages.get(e.getKey());
                avg.tempAttach(scratch);
                theta.set(ALL, avg);
            }
        }
    }

    @Override
    public void close() {
        state.close();
    }
}

package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tree of named parameters whose dotted names are exactly the keys of the diffusers / transformers
 * checkpoint for the same model ({@code text_model.encoder.layers.0.self_attn.q_proj.weight}), so real
 * snapshots load with no renaming. Forward passes are plain methods of the subclasses on NDArrays;
 * DJL's Block machinery is not used because its naming and initialisation would need translating.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private DataType dataType = DataType.FLOAT32;

    protected final Parameter parameter(String name, Init init, long... shape) {
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        Parameter p = new Parameter(name, init, shape);
        parameters.put(name, p);
        return p;
    }

    protected final <M extends Module> M child(String name, M module) {
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        children.put(name, module);
        return module;
    }

    /** Every parameter under its full dotted name, in registration order (the checkpoint's order). */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out);
        }
    }

    /**
     * Modules of this tree that hold parameters themselves (a Linear, a Conv2d, a norm, an embedding): the layers a
     * forward pass computes through, which is what a float16 error bound grows with.
     */
    public final int layerCount() {
        int n = parameters.isEmpty() ? 0 : 1;
        for (Module child : children.values()) {
            n += child.layerCount();
        }
        return n;
    }

    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) {
            n += p.size();
        }
        return n;
    }

    /**
     * The dtype of every parameter and of what the module computes inside: float32 unless {@link #toPrecision}
     * converted it. A top-level model (UNet, VAE, text encoder, ControlNet) casts its inputs to it and its outputs
     * to float32, so the code around it never sees half precision.
     */
    public final DataType dataType() {
        return dataType;
    }

    /**
     * Converts the whole module, every parameter and sub-module, to {@code type} (float32 or float16), as
     * {@code module.to(dtype)} does in PyTorch. Rounding to float16 loses digits that converting back does not
     * restore: a frozen model that must be float32 again is reloaded from its weights (StableDiffusion does).
     */
    public final void toPrecision(DataType type) {
        if (type != DataType.FLOAT32 && type != DataType.FLOAT16) {
            throw new IllegalArgumentException("a module computes in float32 or float16, not " + type);
        }
        for (Parameter p : parameters.values()) {
            p.convert(type);
        }
        for (Module child : children.values()) {
            child.toPrecision(type);
        }
        dataType = type;
    }

    /** The arrays of every set parameter, e.g. to attach them to a step's manager. */
    public final List<NDArray> arrays() {
        List<NDArray> out = new ArrayList<>();
        for (Parameter p : namedParameters().values()) {
            if (p.isSet()) {
                out.add(p.array());
            }
        }
        return out;
    }

    /**
     * Fills every parameter from its {@link Init}, deterministically: each parameter draws from a
     * generator seeded by the model seed and its own name, so adding a layer does not change the
     * values of the others.
     */
    public final void initialize(NDManager manager, long seed) {
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            Parameter p = e.getValue();
            long n = p.size();
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' too large to initialise");
            }
            float[] values = new float[(int) n];
            long[] shape = p.shape().getShape();
            p.init().fill(values, shape, new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ e.getKey().hashCode()));
            // create() wraps a JVM direct buffer without copying; a native copy keeps large models out of
            // the JVM's direct-memory limit.
            try (NDArray wrapped = manager.create(values, p.shape())) {
                p.set(wrapped.duplicate());
            }
        }
    }
}

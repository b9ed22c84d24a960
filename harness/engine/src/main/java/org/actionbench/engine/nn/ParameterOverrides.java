package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Some parameters of a shared, frozen module temporarily replaced (a fine-tuned UNet's tensors while one
 * method samples) and restored on {@link #close()}: the module's own arrays are neither copied nor closed,
 * and the override arrays stay the caller's.
 */
public final class ParameterOverrides implements AutoCloseable {
    private final List<Map.Entry<Parameter, NDArray>> originals = new ArrayList<>();

    private ParameterOverrides() {
    }

    /** Applies every override or none: an unknown key or a wrong shape is an error naming it. */
    public static ParameterOverrides apply(Module module, Map<String, NDArray> overrides) {
        Map<String, Parameter> params = module.namedParameters();
        Map<Parameter, NDArray> checked = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : overrides.entrySet()) {
            Parameter p = params.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException("override for unknown parameter '" + e.getKey() + "' of "
                        + module.getClass().getSimpleName());
            }
            if (!p.shape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("override for '" + e.getKey() + "' has shape "
                        + e.getValue().getShape() + ", the parameter has " + p.shape());
            }
            checked.put(p, e.getValue());
        }
        ParameterOverrides o = new ParameterOverrides();
        for (Map.Entry<Parameter, NDArray> e : checked.entrySet()) {
            o.originals.add(Map.entry(e.getKey(), e.getKey().swap(e.getValue())));
        }
        return o;
    }

    @Override
    public void close() {
        for (Map.Entry<Parameter, NDArray> e : originals) {
            e.getKey().swap(e.getValue());
        }
        originals.clear();
    }
}

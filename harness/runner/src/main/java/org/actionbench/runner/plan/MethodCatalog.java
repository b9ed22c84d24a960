package org.actionbench.runner.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.actionbench.engine.method.Method;

/**
 * The methods a run can name, by id. The runner knows methods only through the Method SPI: whatever is
 * registered with {@link ServiceLoader} (baselines registers all eight) is available, so a new method needs
 * no change here.
 */
public final class MethodCatalog {
    private final Map<String, Method<?>> byId;

    private MethodCatalog(Map<String, Method<?>> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** Every method registered for {@code org.actionbench.engine.method.Method} on the class path. */
    public static MethodCatalog installed() {
        Map<String, Method<?>> m = new TreeMap<>();
        for (Method<?> method : ServiceLoader.load(Method.class)) {
            Method<?> previous = m.putIfAbsent(method.id(), method);
            if (previous != null && previous.getClass() != method.getClass()) {
                throw new IllegalStateException("two methods are registered with the id '" + method.id() + "': "
                        + previous.getClass().getName() + " and " + method.getClass().getName());
            }
        }
        return new MethodCatalog(m);
    }

    public static MethodCatalog of(List<Method<?>> methods) {
        Map<String, Method<?>> m = new TreeMap<>();
        for (Method<?> method : methods) {
            if (m.put(method.id(), method) != null) {
                throw new IllegalArgumentException("method id '" + method.id() + "' given twice");
            }
        }
        return new MethodCatalog(m);
    }

    public Optional<Method<?>> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The known ids, sorted (for "unknown method" messages). */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }
}

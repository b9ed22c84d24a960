package org.actionbench.runner.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.actionbench.engine.method.Method;

/** A method of a run under its name, with its settings resolved (every default filled in, run.json records them). */
public record PlannedMethod(String name, Method method, Map<String, Object> settings) {
    public PlannedMethod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public String id() {
        return method.id();
    }
}

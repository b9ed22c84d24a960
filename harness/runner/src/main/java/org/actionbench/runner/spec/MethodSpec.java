package org.actionbench.runner.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One method of a run: the method's id (as registered behind the Method SPI), the name its cells are filed
 * under ({@code cells/<name>/...}, and the {@code method} of every sample record), and the settings that
 * replace the method's defaults. Two entries may use the same method with different settings (an ablation
 * or a β sweep) as long as their names differ.
 */
public record MethodSpec(String name, String method, Map<String, Object> settings) {
    public MethodSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(settings, "settings")));
    }

    /** The method under its own id with its default settings. */
    public static MethodSpec of(String method) {
        return new MethodSpec(method, method, Map.of());
    }

    public MethodSpec withSettings(Map<String, Object> overrides) {
        return new MethodSpec(name, method, overrides);
    }

    public MethodSpec named(String newName) {
        return new MethodSpec(newName, method, settings);
    }
}

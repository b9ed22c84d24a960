package org.actionbench.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code model_index.json}: the pipeline class and, for each component folder, the library and class that
 * load it ({@code "unet": ["diffusers", "UNet2DConditionModel"]}). {@code [null, null]} marks a component
 * the pipeline has a slot for but the snapshot leaves out (SD 2.1-base's {@code safety_checker}); such
 * entries are kept as absent {@link ComponentRef}s. Other entries ({@code requires_safety_checker}) are kept
 * as {@code options} so the file can be written back.
 */
public record ModelIndex(String className, String diffusersVersion, Map<String, ComponentRef> components,
        Map<String, Object> options) {

    /** One component entry; both fields null when the component is absent. */
    public record ComponentRef(String library, String className) {
        public boolean isPresent() {
            return library != null && className != null;
        }
    }

    public ModelIndex {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        Checks.notBlank("_class_name", className);
    }

    /** The component, if the index lists it as present. */
    public Optional<ComponentRef> component(String name) {
        ComponentRef c = components.get(name);
        return c != null && c.isPresent() ? Optional.of(c) : Optional.empty();
    }

    public static ModelIndex read(Path modelIndexJson) throws ConfigException {
        return from(ConfigReader.read(modelIndexJson));
    }

    public static ModelIndex parse(String json) throws ConfigException {
        return from(ConfigReader.parse(json, "model index"));
    }

    static ModelIndex from(ConfigReader r) throws ConfigException {
        String className = r.string("_class_name", null);
        if (className == null) {
            throw r.error("_class_name", "is required (the pipeline class, e.g. \"StableDiffusionPipeline\")");
        }
        Map<String, ComponentRef> components = new LinkedHashMap<>();
        Map<String, Object> options = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : r.root().properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals("_class_name") || key.equals("_diffusers_version")) {
                continue;
            }
            if (!key.startsWith("_") && v.isArray()) {
                if (v.size() != 2 || !textOrNull(v.get(0)) || !textOrNull(v.get(1))
                        || v.get(0).isNull() != v.get(1).isNull()) {
                    throw r.error(key, "must be [library, class] or [null, null], found " + v);
                }
                components.put(key, new ComponentRef(v.get(0).textValue(), v.get(1).textValue()));
            } else {
                options.put(key, ConfigReader.JSON.convertValue(v, Object.class));
            }
        }
        return new ModelIndex(className, r.string("_diffusers_version", null), components, options);
    }

    private static boolean textOrNull(JsonNode n) {
        return n.isNull() || n.isTextual();
    }

    public void write(Path modelIndexJson) throws IOException {
        writer().write(modelIndexJson);
    }

    public String toJson() {
        return writer().toJsonString();
    }

    private ConfigWriter writer() {
        ConfigWriter w = new ConfigWriter().className(className).diffusersVersion(diffusersVersion);
        components.forEach((name, c) -> w.put(name, java.util.Arrays.asList(c.library(), c.className())));
        options.forEach(w::put);
        return w;
    }
}

package org.actionbench.engine.config;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.actionbench.data.io.AtomicFiles;

/**
 * Builds a config.json as diffusers writes one: {@code _class_name} and {@code _diffusers_version} first,
 * then the fields sorted by name, two-space indentation, a final newline. The file is written atomically.
 */
final class ConfigWriter {
    private final Map<String, JsonNode> header = new TreeMap<>();
    private final Map<String, JsonNode> fields = new TreeMap<>();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    ConfigWriter className(String className) {
        if (className != null) {
            header.put("_class_name", NODES.textNode(className));
        }
        return this;
    }

    ConfigWriter diffusersVersion(String version) {
        if (version != null) {
            header.put("_diffusers_version", NODES.textNode(version));
        }
        return this;
    }

    ConfigWriter put(String field, Object value) {
        fields.put(field, toNode(value));
        return this;
    }

    /** A per-block list written as one value when all blocks agree, as diffusers' own configs do. */
    ConfigWriter putPerBlock(String field, List<?> perBlock) {
        if (perBlock != null && !perBlock.isEmpty() && perBlock.stream().distinct().count() == 1) {
            return put(field, perBlock.get(0));
        }
        return put(field, perBlock);
    }

    ObjectNode toJson() {
        ObjectNode root = NODES.objectNode();
        header.forEach(root::set);
        fields.forEach(root::set);
        return root;
    }

    String toJsonString() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
        try {
            return ConfigReader.JSON.writer(printer).writeValueAsString(toJson()) + "\n";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJsonString());
    }

    private static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode();
            for (Object o : list) {
                a.add(toNode(o));
            }
            return a;
        }
        return ConfigReader.JSON.valueToTree(value);
    }
}

package org.actionbench.data.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.actionbench.data.io.Json;

/**
 * Reads a JSON tree the way a validator must: every wrong field becomes a {@link Problem} naming its path
 * ({@code actions[2].exemplars[4].prompt}) and reading goes on, so one pass finds everything. Paths whose
 * value was wrong are remembered as broken, so later checks do not report the same field twice.
 */
final class JsonFields {
    private final Path file;
    private final List<Problem> problems;
    private final Set<String> broken = new HashSet<>();

    JsonFields(Path file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    Set<String> broken() {
        return broken;
    }

    /** The parsed file, or null (with a problem) when it is missing, unreadable or not JSON. */
    JsonNode readTree() {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            problems.add(new Problem(file, "", "missing"));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(file, "", "cannot be read: " + e.getMessage()));
            return null;
        }
        try {
            JsonNode tree = Json.mapper().readTree(text);
            if (tree == null || tree.isMissingNode()) {
                problems.add(new Problem(file, "", "empty file; expected JSON"));
                return null;
            }
            return tree;
        } catch (JsonProcessingException e) {
            problems.add(new Problem(file, "", Json.reason(e)));
            return null;
        }
    }

    void problem(String path, String message) {
        problems.add(new Problem(file, path, message));
        broken.add(path);
    }

    static String at(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    ObjectNode object(JsonNode node, String path) {
        if (node instanceof ObjectNode o) {
            return o;
        }
        problem(path, "expected an object, found " + kind(node));
        return null;
    }

    /** The array under {@code key}, or null when missing or not an array (with a problem). */
    ArrayNode array(ObjectNode obj, String path, String key) {
        JsonNode v = obj.get(key);
        String p = at(path, key);
        if (v == null) {
            problem(p, "missing");
            return null;
        }
        if (v instanceof ArrayNode a) {
            return a;
        }
        problem(p, "expected an array, found " + kind(v));
        return null;
    }

    /** The string under {@code key}; "" (with a problem, path marked broken) when missing or not a string. */
    String string(ObjectNode obj, String path, String key) {
        JsonNode v = obj.get(key);
        String p = at(path, key);
        if (v == null) {
            problem(p, "missing");
            return "";
        }
        return string(v, p);
    }

    String string(JsonNode v, String path) {
        if (v.isTextual()) {
            return v.textValue();
        }
        problem(path, "expected a string, found " + kind(v));
        return "";
    }

    /** The int under {@code key}; {@code absent} when it is not there, or (with a problem) when it is not an int. */
    int integer(ObjectNode obj, String path, String key, int absent) {
        JsonNode v = obj.get(key);
        if (v == null) {
            return absent;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        problem(at(path, key), "expected an integer, found " + (v.isNumber() ? v.asText() : kind(v)));
        return absent;
    }

    /** One problem per key of {@code obj} that is not in {@code known}: a misspelt key is never silently ignored. */
    void onlyKnown(ObjectNode obj, String path, List<String> known) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problem(at(path, key), "unknown field (expected " + String.join(", ", known) + ")");
            }
        }
    }

    static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> v.getNodeType().toString().toLowerCase();
        };
    }
}

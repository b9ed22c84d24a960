package org.actionbench.engine.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Typed access to the fields of one diffusers / transformers {@code config.json}, with the library's
 * default when a field is absent or null, and one message naming the file and field when a value has the
 * wrong type. Fields the records do not know are ignored, as diffusers ignores them.
 */
final class ConfigReader {
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final JsonNode root;
    private final String source;

    private ConfigReader(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    static ConfigReader read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    static ConfigReader parse(String json, String source) throws ConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(source + ": expected a JSON object");
        }
        return new ConfigReader(root, source);
    }

    String source() {
        return source;
    }

    JsonNode root() {
        return root;
    }

    /** An error about {@code field} of this file. */
    ConfigException error(String field, String problem) {
        return new ConfigException(source + ": field '" + field + "' " + problem);
    }

    /** Wraps a record's validation failure (an {@link IllegalArgumentException}) with this file's name. */
    ConfigException invalid(IllegalArgumentException e) {
        return new ConfigException(source + ": " + e.getMessage());
    }

    private JsonNode value(String field) {
        JsonNode v = root.get(field);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String field) {
        return value(field) != null;
    }

    Integer optionalInt(String field) throws ConfigException {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!isInt(v)) {
            throw error(field, "must be an integer, found " + show(v));
        }
        return v.intValue();
    }

    int integer(String field, int dflt) throws ConfigException {
        Integer v = optionalInt(field);
        return v == null ? dflt : v;
    }

    Double optionalNumber(String field) throws ConfigException {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw error(field, "must be a number, found " + show(v));
        }
        return v.doubleValue();
    }

    double number(String field, double dflt) throws ConfigException {
        Double v = optionalNumber(field);
        return v == null ? dflt : v;
    }

    boolean bool(String field, boolean dflt) throws ConfigException {
        Boolean v = optionalBool(field);
        return v == null ? dflt : v;
    }

    Boolean optionalBool(String field) throws ConfigException {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw error(field, "must be true or false, found " + show(v));
        }
        return v.booleanValue();
    }

    /** A string, or {@code dflt} (which may be null) when absent or null. */
    String string(String field, String dflt) throws ConfigException {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw error(field, "must be a string, found " + show(v));
        }
        return v.textValue();
    }

    List<Integer> intList(String field, List<Integer> dflt) throws ConfigException {
        return list(field, dflt, ConfigReader::isInt, JsonNode::intValue, "integers");
    }

    List<String> stringList(String field, List<String> dflt) throws ConfigException {
        return list(field, dflt, JsonNode::isTextual, JsonNode::textValue, "strings");
    }

    List<Double> numberList(String field, List<Double> dflt) throws ConfigException {
        return list(field, dflt, JsonNode::isNumber, JsonNode::doubleValue, "numbers");
    }

    /**
     * A per-block value that diffusers accepts as one integer for every block or as a list with one entry
     * per block; returned as the list.
     */
    List<Integer> intPerBlock(String field, Integer dflt, int blocks) throws ConfigException {
        JsonNode v = value(field);
        if (v == null) {
            return dflt == null ? null : Collections.nCopies(blocks, dflt);
        }
        if (isInt(v)) {
            return Collections.nCopies(blocks, v.intValue());
        }
        if (v.isArray()) {
            List<Integer> out = intList(field, null);
            if (out.size() != blocks) {
                throw error(field, "has " + out.size() + " entries, expected one per block (" + blocks + ")");
            }
            return out;
        }
        throw error(field, "must be an integer or a list of " + blocks + " integers, found " + show(v));
    }

    /** As {@link #intPerBlock} for booleans. */
    List<Boolean> boolPerBlock(String field, boolean dflt, int blocks) throws ConfigException {
        JsonNode v = value(field);
        if (v == null) {
            return Collections.nCopies(blocks, dflt);
        }
        if (v.isBoolean()) {
            return Collections.nCopies(blocks, v.booleanValue());
        }
        if (v.isArray()) {
            List<Boolean> out = list(field, null, JsonNode::isBoolean, JsonNode::booleanValue, "booleans");
            if (out.size() != blocks) {
                throw error(field, "has " + out.size() + " entries, expected one per block (" + blocks + ")");
            }
            return out;
        }
        throw error(field, "must be true, false or a list of " + blocks + " booleans, found " + show(v));
    }

    private <T> List<T> list(String field, List<T> dflt, java.util.function.Predicate<JsonNode> accepts,
            Function<JsonNode, T> convert, String what) throws ConfigException {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isArray()) {
            throw error(field, "must be a list of " + what + ", found " + show(v));
        }
        List<T> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!accepts.test(e)) {
                throw error(field, "must be a list of " + what + ", found " + show(v));
            }
            out.add(convert.apply(e));
        }
        return List.copyOf(out);
    }

    private static boolean isInt(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToInt();
    }

    private static String show(JsonNode v) {
        String text = v.toString();
        return (text.length() > 60 ? text.substring(0, 57) + "..." : text) + " (" + kind(v) + ")";
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isIntegralNumber()) {
            return "an integer";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "a list";
        }
        return v.isObject() ? "an object" : v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}

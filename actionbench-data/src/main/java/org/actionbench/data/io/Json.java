package org.actionbench.data.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.format.DateTimeParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one JSON dialect of the project's files: strict on read (no duplicate keys, no trailing content, no
 * unknown properties, no "4" for 4 or 4.5 for an int) so a typo is an error naming its field rather than
 * a silently ignored setting; pretty on write (two-space indent, one array element per line, trailing
 * newline) so files diff well and read well.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(instants())
            .build();

    private static final ObjectWriter PRETTY;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentArraysWith(indenter);
        printer.indentObjectsWith(indenter);
        PRETTY = MAPPER.writer(printer);
    }

    private Json() {
    }

    /** Instants as ISO-8601 strings ("2024-05-01T12:00:00Z"), without needing the jsr310 module. */
    private static SimpleModule instants() {
        SimpleModule m = new SimpleModule("instants");
        m.addSerializer(Instant.class, ToStringSerializer.instance);
        m.addDeserializer(Instant.class, new StdScalarDeserializer<Instant>(Instant.class) {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (!p.hasToken(JsonToken.VALUE_STRING)) {
                    return (Instant) ctx.handleUnexpectedToken(Instant.class, p);
                }
                try {
                    return Instant.parse(p.getText());
                } catch (DateTimeParseException e) {
                    return (Instant) ctx.handleWeirdStringValue(Instant.class, p.getText(),
                            "expected an ISO-8601 instant such as 2024-05-01T12:00:00Z");
                }
            }
        });
        return m;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as pretty JSON ending in a newline. */
    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as one line of JSON (JSONL records). */
    public static String compact(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code value} as pretty JSON, atomically. */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, pretty(value));
    }

    /**
     * The JSON path of a mapping error, e.g. {@code cells[2].status}; empty when the error is at the top
     * (or is a syntax error, which has no field).
     */
    public static String fieldPath(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || syntaxError(e) != null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * The syntax error behind {@code e}, or null when the JSON is well-formed (and of the wrong shape).
     * Databind wraps a syntax error met inside a value; the syntax error is what the user must fix.
     */
    public static StreamReadException syntaxError(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException syntax) {
                return syntax;
            }
        }
        return null;
    }

    /**
     * A one-line reason for {@code e} without Jackson's class names and source dumps, with the line and
     * column for syntax errors.
     */
    public static String reason(JsonProcessingException e) {
        StreamReadException syntax = syntaxError(e);
        if (syntax != null) {
            e = syntax;
        }
        String msg = e.getOriginalMessage();
        int cut = msg.indexOf('\n');
        if (cut >= 0) {
            msg = msg.substring(0, cut);
        }
        JsonLocation at = e.getLocation();
        if (e instanceof StreamReadException && at != null && at.getLineNr() > 0) {
            return "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + msg;
        }
        if (msg.startsWith("No content to map due to end-of-input")) {
            return "empty; expected JSON";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && !msg.startsWith("Missing ")) {
            Matcher found = FOUND.matcher(msg);
            if (found.find()) {
                String value = found.group(2) == null ? "" : " " + found.group(2);
                return "expected " + expected(m.getTargetType()) + ", found " + FOUND_KIND.get(found.group(1)) + value;
            }
        }
        return msg.replaceAll(" \\(class [^)]*\\)", "").replaceAll("`[a-z]+(\\.[a-zA-Z0-9_$]+)+`", "value");
    }

    /** What Jackson says it met, in its messages ("from Array value", "coerce String value (\"0\")"). */
    private static final Pattern FOUND = Pattern.compile(
            "(?:from|coerce) (String|Integer|Floating-point|Array|Object|Boolean|Null)(?: value)?"
                    + "(?: \\((\"[^\"]*\"|[-0-9.eE+]+)\\))?");
    private static final Map<String, String> FOUND_KIND = Map.of("String", "a string", "Integer", "an integer",
            "Floating-point", "a fractional number", "Array", "an array", "Object", "an object",
            "Boolean", "a boolean", "Null", "null");

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant such as 2024-05-01T12:00:00Z";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}

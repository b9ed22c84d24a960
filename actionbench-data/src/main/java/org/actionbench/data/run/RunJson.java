package org.actionbench.data.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionbench.data.io.Json;

/**
 * Reading run-directory records: every key must be present (writers always write all, nulls included, so a
 * missing key means a damaged or foreign file), and every failure names the file and the field.
 */
final class RunJson {
    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']+)'.*");

    private RunJson() {
    }

    static <T> T read(Path file, Class<T> type) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RunFormatException(file, "", "missing");
        }
        return parse(bytes, type, file, "");
    }

    /** Parses {@code bytes}; {@code where} prefixes the field in messages (e.g. "line 3"). */
    static <T> T parse(byte[] bytes, Class<T> type, Path file, String where) throws RunFormatException {
        try {
            return Json.mapper().readerFor(type)
                    .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .readValue(bytes);
        } catch (JsonProcessingException e) {
            String field = Json.fieldPath(e);
            String reason;
            if (e instanceof ValueInstantiationException && e.getCause() != null) {
                reason = e.getCause().getMessage();
            } else {
                reason = Json.reason(e);
                Matcher m = MISSING.matcher(reason);
                if (e instanceof MismatchedInputException && m.matches()) {
                    String property = m.group(1);
                    if (!field.equals(property) && !field.endsWith("." + property)) {
                        field = field.isEmpty() ? property : field + "." + property;
                    }
                    reason = "missing";
                }
            }
            String at = where.isEmpty() ? field : field.isEmpty() ? where : where + ": " + field;
            throw new RunFormatException(file, at, reason);
        } catch (IOException e) {
            throw new RunFormatException(file, where, e.getMessage());
        }
    }
}

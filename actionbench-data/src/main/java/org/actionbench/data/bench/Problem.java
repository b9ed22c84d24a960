package org.actionbench.data.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a bench or an import folder: the file it is in, the field within it (a JSON path
 * such as {@code actions[2].exemplars[4].prompt}, a line such as {@code line 7}, or empty when the file as
 * a whole is wrong) and what is wrong. Prints as {@code file: field: message}, one per line for the CLI.
 */
public record Problem(Path file, String field, String message) {
    public Problem {
        Objects.requireNonNull(file, "file");
        field = field == null ? "" : field;
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? file + ": " + message : file + ": " + field + ": " + message;
    }
}

package org.actionbench.data.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A run-directory file that does not have the expected form; the message is {@code file: where: reason},
 * where {@code where} is a JSON field path ({@code cells.adi}) or a line ({@code line 12}).
 */
public class RunFormatException extends IOException {
    private final transient Path file;
    private final String where;
    private final String reason;

    public RunFormatException(Path file, String where, String reason) {
        super(where == null || where.isEmpty() ? file + ": " + reason : file + ": " + where + ": " + reason);
        this.file = file;
        this.where = where == null ? "" : where;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String where() {
        return where;
    }

    public String reason() {
        return reason;
    }
}

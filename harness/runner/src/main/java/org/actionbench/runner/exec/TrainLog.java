package org.actionbench.runner.exec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code train.log}: what happened to a cell, for people, one time-stamped line per event, appended across
 * attempts (a resume adds to it, so the file tells the cell's whole story). Not a record anything reads back.
 */
final class TrainLog {
    private final Path file;
    private final Clock clock;

    TrainLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    void line(String text) throws IOException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Files.writeString(file, now + " " + text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    void failure(Throwable t) throws IOException {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        line("FAILED: " + w.toString().stripTrailing());
    }
}

package org.actionbench.runner.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.actionbench.data.run.CellState;
import org.actionbench.data.run.RunLayout;

/**
 * How long one cell took, from what the run already records: {@code state.json} gives when the cell first
 * started and when it was done; {@code train.log} has a time-stamped line per event, and every attempt (the
 * first run and each resume) begins with "cell M/A started" or "cell M/A resumed". The wall time is the sum,
 * over attempts, of the time from an attempt's first line to its last, so the hours a killed run lay idle
 * before its resume do not count; an attempt that was killed counts up to its last line (the work after it
 * was lost anyway).
 *
 * @param wall null when the cell has no train.log
 */
record CellTimes(RunLayout.Cell cell, Instant started, Instant finished, int attempts, Duration wall) {

    static CellTimes of(RunLayout layout, RunLayout.Cell cell) throws IOException {
        CellState state = CellState.read(layout.cellState(cell));
        Path log = layout.trainLog(cell);
        if (!Files.exists(log)) {
            return new CellTimes(cell, state.started(), state.updated(), 0, null);
        }
        String label = cell.method() + "/" + cell.action();
        int attempts = 0;
        Duration wall = Duration.ZERO;
        Instant first = null;
        Instant last = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            Instant at;
            try {
                at = space < 0 ? null : Instant.parse(line.substring(0, space));
            } catch (DateTimeParseException e) {
                at = null;
            }
            if (at == null) {
                continue; // a stack trace's continuation lines
            }
            String text = line.substring(space + 1);
            if (text.startsWith("cell " + label + " started") || text.startsWith("cell " + label + " resumed")) {
                if (first != null) {
                    wall = wall.plus(Duration.between(first, last));
                }
                attempts++;
                first = at;
            }
            last = at;
        }
        if (first != null) {
            wall = wall.plus(Duration.between(first, last));
        }
        return new CellTimes(cell, state.started(), state.updated(), attempts, attempts == 0 ? null : wall);
    }

    /** "0:12:05.3" (hours:minutes:seconds). */
    static String format(Duration d) {
        if (d == null) {
            return "not recorded";
        }
        long tenths = (d.toMillis() + 50) / 100;
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d.%d", tenths / 36_000, tenths / 600 % 60,
                tenths / 10 % 60, tenths % 10);
    }

    static Duration total(List<CellTimes> cells) {
        Duration t = Duration.ZERO;
        for (CellTimes c : cells) {
            if (c.wall() != null) {
                t = t.plus(c.wall());
            }
        }
        return t;
    }
}

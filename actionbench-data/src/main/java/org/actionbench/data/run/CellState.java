package org.actionbench.data.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.actionbench.data.io.Json;

/**
 * {@code cells/<method>/<action>/state.json}: where one (method, action) cell of a run stands. It is the
 * only word on whether a cell is finished: the runner writes {@code done} after the cell's last sample is
 * recorded, so a killed run resumes every cell that is not done and nothing else.
 *
 * @param status   where the cell is
 * @param step     training steps completed (0 for methods that train nothing)
 * @param steps    training steps planned (0 for methods that train nothing)
 * @param started  when the cell first ran; null while pending
 * @param updated  when this state was written
 * @param message  why it failed, or what a running cell is busy with before training ({@link #preparing});
 *                 null when there is nothing to say
 */
public record CellState(Status status, int step, int steps, Instant started, Instant updated, String message) {
    public static final String FILE_NAME = "state.json";

    public enum Status {
        PENDING, RUNNING, DONE, FAILED;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        static Status parse(String name) {
            for (Status s : values()) {
                if (s.jsonName().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(
                    "unknown status \"" + name + "\" (expected pending | running | done | failed)");
        }

        @Override
        public String toString() {
            return jsonName();
        }
    }

    public CellState {
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(updated, "updated must not be null");
        if (step < 0 || steps < 0) {
            throw new IllegalArgumentException("step and steps must not be negative, are " + step + " and " + steps);
        }
    }

    public static CellState pending(Instant now) {
        return new CellState(Status.PENDING, 0, 0, null, now, null);
    }

    /** Running at {@code step} of {@code steps}; the start time is kept from this state or set to now. */
    public CellState running(int step, int steps, Instant now) {
        return new CellState(Status.RUNNING, step, steps, started == null ? now : started, now, null);
    }

    /**
     * Running, busy with work before its training that {@code note} describes ("one-shot DreamBooth 3/10: step
     * 200/500"); steps are kept.
     */
    public CellState preparing(String note, Instant now) {
        return new CellState(Status.RUNNING, step, steps, started == null ? now : started, now,
                Objects.requireNonNull(note, "note must not be null"));
    }

    public CellState done(Instant now) {
        return new CellState(Status.DONE, step, steps, started == null ? now : started, now, null);
    }

    public CellState failed(String why, Instant now) {
        return new CellState(Status.FAILED, step, steps, started == null ? now : started, now,
                Objects.requireNonNull(why, "why must not be null"));
    }

    @JsonIgnore
    public boolean isDone() {
        return status == Status.DONE;
    }

    public static CellState read(Path file) throws IOException {
        return RunJson.read(file, CellState.class);
    }

    /** The state in {@code file}, or pending when the cell has not started (no file yet). */
    public static CellState readOrPending(Path file, Instant now) throws IOException {
        return Files.exists(file) ? read(file) : pending(now);
    }

    /** Writes atomically: a reader sees the old state or the new one, never half of one. */
    public void write(Path file) throws IOException {
        Json.write(file, this);
    }
}

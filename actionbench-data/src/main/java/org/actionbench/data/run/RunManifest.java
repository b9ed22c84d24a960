package org.actionbench.data.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.actionbench.data.io.Json;

/**
 * {@code run.json}: what a run is, so it can be resumed, reported and reproduced.
 *
 * @param format   the run-directory format version ({@link #FORMAT}); readers refuse others
 * @param created  when the run was planned
 * @param spec     the run spec exactly as the user gave it (a JSON tree, not re-serialised from a model, so
 *                 nothing the runner did not understand is lost)
 * @param methods  method id -> its fully resolved configuration (every default filled in, ARCHITECTURE.md §4)
 * @param versions component -> version ("harness", "java", "djl", "pytorch", model snapshot hashes...)
 * @param seeds    seed name -> value (e.g. "training", "sampling")
 * @param cells    method id -> action id -> status: a summary for listings; each cell's {@code state.json}
 *                 is authoritative
 */
public record RunManifest(int format, Instant created, JsonNode spec, Map<String, JsonNode> methods,
        Map<String, String> versions, Map<String, Long> seeds, Map<String, Map<String, CellState.Status>> cells) {
    public static final int FORMAT = 1;
    public static final String FILE_NAME = "run.json";

    public RunManifest {
        if (format != FORMAT) {
            throw new IllegalArgumentException("run format " + format + " is not supported (this harness reads "
                    + FORMAT + ")");
        }
        Objects.requireNonNull(created, "created must not be null");
        Objects.requireNonNull(spec, "spec must not be null");
        // Sorted maps: the file's key order depends on nothing but its content.
        methods = sorted(methods, "methods");
        versions = sorted(versions, "versions");
        seeds = sorted(seeds, "seeds");
        TreeMap<String, Map<String, CellState.Status>> c = new TreeMap<>();
        Objects.requireNonNull(cells, "cells must not be null")
                .forEach((m, byAction) -> c.put(m, sorted(byAction, "cells." + m)));
        cells = Collections.unmodifiableMap(c);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map, String name) {
        Objects.requireNonNull(map, name + " must not be null");
        map.forEach((k, v) -> Objects.requireNonNull(v, name + "." + k + " must not be null"));
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** A copy with the summary status of one cell set. */
    public RunManifest withCell(String method, String action, CellState.Status status) {
        Map<String, Map<String, CellState.Status>> c = new LinkedHashMap<>();
        cells.forEach((m, a) -> c.put(m, new LinkedHashMap<>(a)));
        c.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(action, status);
        return new RunManifest(format, created, spec, methods, versions, seeds, c);
    }

    public static RunManifest read(Path file) throws IOException {
        return RunJson.read(file, RunManifest.class);
    }

    public void write(Path file) throws IOException {
        Json.write(file, this);
    }
}

package org.actionbench.data.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.actionbench.data.bench.BenchValidator;

/**
 * Where everything lives in a run directory (ARCHITECTURE.md §2):
 * <pre>
 * run.json
 * samples.jsonl
 * cells/&lt;method&gt;/&lt;action&gt;/state.json, train.log, metrics.csv, learned artifacts
 * cells/&lt;method&gt;/&lt;action&gt;/samples/&lt;subject&gt;/&lt;k&gt;.png
 * shared/   what cells of several methods make alike, made once (class-images/&lt;digest&gt;/NNN.png)
 * </pre>
 * Method, action and subject ids must be valid ids ({@link BenchValidator#isId}), so no path leaves the run.
 */
public record RunLayout(Path root) {
    public static final String CELLS = "cells";
    public static final String SHARED = "shared";
    public static final String SAMPLES = "samples";
    public static final String TRAIN_LOG = "train.log";
    public static final String METRICS_CSV = "metrics.csv";

    public RunLayout {
        Objects.requireNonNull(root, "root must not be null");
    }

    /** A (method, action) cell. */
    public record Cell(String method, String action) {
        public Cell {
            id(method, "method");
            id(action, "action");
        }
    }

    /** The directory the run's cells share ({@code TrainingContext.sharedDir}). */
    public Path shared() {
        return root.resolve(SHARED);
    }

    public Path manifest() {
        return root.resolve(RunManifest.FILE_NAME);
    }

    public Path samplesJsonl() {
        return root.resolve(SamplesJsonl.FILE_NAME);
    }

    public Path cell(Cell cell) {
        return root.resolve(cellFile(cell, ""));
    }

    public Path cellState(Cell cell) {
        return cell(cell).resolve(CellState.FILE_NAME);
    }

    public Path trainLog(Cell cell) {
        return cell(cell).resolve(TRAIN_LOG);
    }

    public Path metricsCsv(Cell cell) {
        return cell(cell).resolve(METRICS_CSV);
    }

    /** Image {@code k} (0..imagesPerPair-1) of {@code subject} in {@code cell}. */
    public Path sample(Cell cell, String subject, int k) {
        return root.resolve(sampleFile(cell, subject, k));
    }

    /** The same image as {@link #sample}, relative to the run with '/' separators: {@link SampleRecord#file}. */
    public static String sampleFile(Cell cell, String subject, int k) {
        id(subject, "subject");
        if (k < 0) {
            throw new IllegalArgumentException("image index must not be negative, is " + k);
        }
        return cellFile(cell, SAMPLES + "/" + subject + "/" + k + ".png");
    }

    /** Resolves a run-relative '/' path from samples.jsonl, refusing one that would leave the run. */
    public Path resolve(String runRelative) {
        Path p = root.resolve(runRelative).normalize();
        if (runRelative.startsWith("/") || !p.startsWith(root.normalize())) {
            throw new IllegalArgumentException("\"" + runRelative + "\" is not a path inside the run " + root);
        }
        return p;
    }

    /** The cells that have a directory, sorted by method then action; unknown names are skipped. */
    public List<Cell> cells() throws IOException {
        List<Cell> out = new ArrayList<>();
        Path cells = root.resolve(CELLS);
        if (!Files.isDirectory(cells)) {
            return out;
        }
        for (Path m : sortedDirs(cells)) {
            for (Path a : sortedDirs(m)) {
                String method = m.getFileName().toString();
                String action = a.getFileName().toString();
                if (BenchValidator.isId(method) && BenchValidator.isId(action)) {
                    out.add(new Cell(method, action));
                }
            }
        }
        return out;
    }

    private static List<Path> sortedDirs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static String cellFile(Cell cell, String rest) {
        String dir = CELLS + "/" + cell.method() + "/" + cell.action();
        return rest.isEmpty() ? dir : dir + "/" + rest;
    }

    private static void id(String id, String what) {
        if (!BenchValidator.isId(id)) {
            throw new IllegalArgumentException(what + " id \"" + id + "\" cannot name a directory: use letters,"
                    + " digits, '.', '_' and '-', starting with a letter or digit");
        }
    }
}

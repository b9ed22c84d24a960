package org.actionbench.runner.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.actionbench.data.io.AtomicFiles;

/**
 * {@code metrics.csv}: one row per training step, {@code step,<metric>,...} with the metrics named by the
 * first step (sorted), values as Java prints doubles (exact round trip). A killed training resumes from its
 * last checkpoint and repeats the steps after it, so a step that arrives again replaces the rows from that
 * step on: the finished file equals the file of an uninterrupted training. A row cut short by a kill is
 * dropped when the file is opened.
 */
final class MetricsCsv {
    static final String STEP = "step";

    private final Path file;
    private List<String> columns;
    private final List<Long> steps = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    private MetricsCsv(Path file) {
        this.file = file;
    }

    static MetricsCsv open(Path file) throws IOException {
        MetricsCsv m = new MetricsCsv(file);
        if (!Files.exists(file)) {
            return m;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        boolean torn = end < text.length();
        String[] lines = text.substring(0, end).split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (i == 0) {
                List<String> header = Arrays.asList(line.split(",", -1));
                if (header.isEmpty() || !header.get(0).equals(STEP)) {
                    throw new IOException(file + ": line 1: expected a header starting with \"step\"");
                }
                m.columns = List.copyOf(header.subList(1, header.size()));
                continue;
            }
            int comma = line.indexOf(',');
            try {
                m.steps.add(Long.parseLong(comma < 0 ? line : line.substring(0, comma)));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (i + 1) + ": step is not a number");
            }
            m.rows.add(line);
        }
        if (torn) {
            m.rewrite();
        }
        return m;
    }

    void record(long step, Map<String, Double> metrics) throws IOException {
        if (columns == null) {
            columns = List.copyOf(new TreeSet<>(metrics.keySet()));
            steps.clear();
            rows.clear();
            rewrite();
        }
        if (!steps.isEmpty() && step <= steps.get(steps.size() - 1)) {
            int keep = 0;
            while (keep < steps.size() && steps.get(keep) < step) {
                keep++;
            }
            steps.subList(keep, steps.size()).clear();
            rows.subList(keep, rows.size()).clear();
            rewrite();
        }
        StringBuilder row = new StringBuilder().append(step);
        for (String c : columns) {
            Double v = metrics.get(c);
            row.append(',').append(v == null ? "" : v.toString());
        }
        steps.add(step);
        rows.add(row.toString());
        Files.writeString(file, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private void rewrite() throws IOException {
        StringBuilder text = new StringBuilder(STEP);
        if (columns != null) {
            for (String c : columns) {
                text.append(',').append(c);
            }
        }
        text.append('\n');
        for (String r : rows) {
            text.append(r).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }
}

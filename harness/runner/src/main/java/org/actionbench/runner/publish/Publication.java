package org.actionbench.runner.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.data.io.Json;
import org.actionbench.data.io.Png;
import org.actionbench.data.run.CellState;
import org.actionbench.data.run.RunFormatException;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.RunManifest;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.mini.Provenance;
import org.actionbench.mini.judge.RunJudging;
import org.actionbench.reports.Report;
import org.actionbench.runner.exec.RunDirectory;

/**
 * {@code actionbench publish RUN DIR}: a finished, judged run turned into the evidence a results page shows
 * (issue 18): {@value #SPEC}, {@code samples.jsonl}, {@code judgements-oracle.csv}, {@value #XLSX},
 * {@value #RESULTS} and {@value #GRIDS}/&lt;action&gt;.png. Everything is checked before anything is written
 * (every cell done, every image present with the hash samples.jsonl records, the judgements readable, the
 * reference and grid subjects known), and DIR is filled through a temporary directory renamed into place,
 * so a failure leaves nothing. The same run gives the same files, byte for byte, except the workbook
 * (POI stamps it).
 */
public final class Publication {
    public static final String SPEC = "spec.yaml";
    public static final String RESULTS = "results.md";
    public static final String XLSX = "report.xlsx";
    public static final String GRIDS = "grids";
    /** Grid columns when none are chosen: the first subject of each group, then the next of each in turn. */
    public static final int DEFAULT_GRID_SUBJECTS = 6;

    private static final ObjectMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();

    private final Path runRoot;
    private final RunLayout layout;
    private final RunManifest manifest;
    private final List<SampleRecord> records;
    private final Map<String, SampleRecord> byFile = new HashMap<>();
    private final List<String> methods;
    private final List<String> actions;
    private final Map<String, SubjectGroup> subjects = new LinkedHashMap<>();
    private final Path judgements;
    private final Report report;

    private Publication(Path run) throws IOException {
        RunDirectory dir = RunDirectory.open(run);
        runRoot = dir.root();
        layout = dir.layout();
        manifest = dir.manifest();
        for (Map.Entry<String, Map<String, CellState.Status>> m : manifest.cells().entrySet()) {
            for (String action : m.getValue().keySet()) {
                RunLayout.Cell cell = new RunLayout.Cell(m.getKey(), action);
                CellState s = CellState.readOrPending(layout.cellState(cell), manifest.created());
                if (!s.isDone()) {
                    throw new RunFormatException(layout.cellState(cell), "status", "cell " + m.getKey() + "/" + action
                            + " is " + s.status() + "; only a finished run is published (actionbench resume " + run + ")");
                }
            }
        }
        SamplesJsonl.Contents contents = SamplesJsonl.read(layout.samplesJsonl());
        if (contents.tornLine() != 0) {
            throw new RunFormatException(layout.samplesJsonl(), "line " + contents.tornLine(), "incomplete last line");
        }
        records = contents.records();
        if (records.isEmpty()) {
            throw new RunFormatException(layout.samplesJsonl(), "records", "the run has no images");
        }
        Set<String> ms = new LinkedHashSet<>();
        Set<String> as = new LinkedHashSet<>();
        for (SampleRecord r : records) {
            Path image = layout.resolve(r.file());
            if (!Files.isRegularFile(image)) {
                throw new RunFormatException(layout.samplesJsonl(), r.file(), "the image is missing");
            }
            String actual = SampleRecord.sha256Of(image);
            if (!actual.equals(r.sha256())) {
                throw new RunFormatException(image, "sha256", "is " + actual + ", samples.jsonl records " + r.sha256()
                        + "; the image was changed after sampling");
            }
            byFile.put(r.file(), r);
            ms.add(r.method());
            as.add(r.action());
            subjects.putIfAbsent(r.subject(), r.group());
        }
        methods = List.copyOf(ms);
        actions = List.copyOf(as);
        judgements = runRoot.resolve(RunJudging.FILE_NAME);
        if (!Files.isRegularFile(judgements)) {
            throw new RunFormatException(judgements, "file", "missing; judge the run first (actionbench judge " + run + ")");
        }
        report = Report.fromCsv(judgements);
    }

    /**
     * Publishes {@code run} into {@code out} (absent or empty). {@code reference}: the method every other is
     * compared with (null: the best); {@code gridSubjects}: the grids' columns (empty: {@link #defaultSubjects});
     * {@code notes}: a Markdown file whose text results.md carries after its header table (null: none), for
     * what the files cannot say themselves (how the run was scaled, what ran beside it, how it compares with
     * a paper), kept apart from the generated text so that publishing again keeps it; {@code pathsFrom}
     * (null: none): a run spec whose bench, model and output the published spec names instead of the run's own,
     * once its bench and model are checked to hold the run's files byte for byte, so that a spec published from
     * a run made in a scratch directory names the repository's model and the bench its README renders.
     */
    public static void write(Path run, Path out, String reference, List<String> gridSubjects, Path notes,
            Path pathsFrom) throws IOException {
        AtomicFiles.requireFreshDirectory(out);
        String notesText = notes == null ? null : readNotes(notes);
        Publication p = new Publication(run);
        Map<String, Path> paths = p.publishedPaths(pathsFrom);
        List<String> columns = p.gridSubjects(gridSubjects);
        String results = p.results(out, reference, columns, notesText, paths.get("model"));
        String spec = p.specYaml(out, paths, pathsFrom);
        AtomicFiles.writeDirectory(out, tmp -> {
            Files.writeString(tmp.resolve(SPEC), spec);
            Files.copy(p.layout.samplesJsonl(), tmp.resolve(SamplesJsonl.FILE_NAME));
            Files.copy(p.judgements, tmp.resolve(RunJudging.FILE_NAME));
            p.report.writeXlsx(tmp.resolve(XLSX));
            Files.writeString(tmp.resolve(RESULTS), results);
            for (String action : p.actions) {
                Png.write(tmp.resolve(GRIDS).resolve(action + ".png"), p.grid(action, columns));
            }
        });
    }

    private static final List<String> PATH_FIELDS = List.of("bench", "model", "output");

    /**
     * bench, model and output as the published spec names them (absolute): the run's, or those of
     * {@code pathsFrom} after its bench and model are checked against the run's.
     */
    private Map<String, Path> publishedPaths(Path pathsFrom) throws IOException {
        JsonNode absolute = absoluteSpec();
        Map<String, Path> runPaths = new LinkedHashMap<>();
        for (String field : PATH_FIELDS) {
            if (absolute.hasNonNull(field)) {
                runPaths.put(field, Path.of(absolute.get(field).asText()));
            }
        }
        if (pathsFrom == null) {
            return runPaths;
        }
        if (!Files.isRegularFile(pathsFrom)) {
            throw new IllegalArgumentException("--paths-from: " + pathsFrom + ": no such file");
        }
        JsonNode other;
        try {
            other = YAML.readTree(pathsFrom.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("--paths-from: " + pathsFrom + ": not a YAML run spec ("
                    + e.getMessage() + ")", e);
        }
        Path base = pathsFrom.toAbsolutePath().normalize().getParent();
        Map<String, Path> out = new LinkedHashMap<>();
        for (String field : PATH_FIELDS) {
            JsonNode v = other == null ? null : other.get(field);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw new IllegalArgumentException("--paths-from: " + pathsFrom + ": field '" + field
                        + "' is missing or not a path");
            }
            out.put(field, base.resolve(v.asText()).normalize());
        }
        for (String field : List.of("bench", "model")) {
            String difference = SameFiles.difference(runPaths.get(field), out.get(field));
            if (difference != null) {
                throw new IllegalArgumentException("--paths-from: " + pathsFrom + ": its " + field + " "
                        + out.get(field) + " does not hold the run's files (" + runPaths.get(field) + "): "
                        + difference);
            }
        }
        return out;
    }

    private static String readNotes(Path notes) {
        if (!Files.isRegularFile(notes)) {
            throw new IllegalArgumentException("--notes: " + notes + ": no such file");
        }
        String text;
        try {
            text = Files.readString(notes);
        } catch (IOException e) {
            throw new IllegalArgumentException("--notes: " + notes + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("--notes: " + notes + ": the file is empty");
        }
        return text.strip() + "\n";
    }

    /** The first subject of each group (human, celebrity, animal), then the next of each in turn, up to six. */
    List<String> defaultSubjects() {
        Map<SubjectGroup, List<String>> byGroup = new LinkedHashMap<>();
        for (SubjectGroup g : SubjectGroup.values()) {
            byGroup.put(g, new ArrayList<>());
        }
        subjects.forEach((s, g) -> byGroup.get(g).add(s));
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < Math.min(DEFAULT_GRID_SUBJECTS, subjects.size()); i++) {
            for (List<String> group : byGroup.values()) {
                if (i < group.size() && out.size() < DEFAULT_GRID_SUBJECTS) {
                    out.add(group.get(i));
                }
            }
        }
        return out;
    }

    private List<String> gridSubjects(List<String> chosen) throws IOException {
        if (chosen.isEmpty()) {
            return defaultSubjects();
        }
        for (String s : chosen) {
            if (!subjects.containsKey(s)) {
                throw new IllegalArgumentException("--subjects: the run has no subject \"" + s + "\" (it has: "
                        + String.join(", ", subjects.keySet()) + ")");
            }
        }
        return List.copyOf(chosen);
    }

    private BufferedImage grid(String action, List<String> columns) throws IOException {
        BufferedImage[][] tiles = new BufferedImage[methods.size()][columns.size()];
        for (int r = 0; r < methods.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                String file = RunLayout.sampleFile(new RunLayout.Cell(methods.get(r), action), columns.get(c), 0);
                if (!byFile.containsKey(file)) {
                    throw new RunFormatException(layout.samplesJsonl(), file, "no record of the grid's image");
                }
                BufferedImage img = ImageIO.read(layout.resolve(file).toFile());
                if (img == null) {
                    throw new RunFormatException(layout.resolve(file), "image", "not a readable PNG");
                }
                tiles[r][c] = img;
            }
        }
        return SampleGrid.draw(methods, columns, tiles);
    }

    /**
     * The spec as given (run.json keeps it; the YAML text itself is not kept), with bench, model and output
     * rewritten to name the same directories from {@code out}, so the published spec can be run from there.
     */
    private String specYaml(Path out, Map<String, Path> paths, Path pathsFrom) throws IOException {
        ObjectNode spec = (ObjectNode) manifest.spec().deepCopy();
        StringBuilder b = new StringBuilder();
        b.append("# The spec of run ").append(runRoot.getFileName()).append(" as given (from its run.json), published by"
                + " actionbench publish.\n");
        if (pathsFrom == null) {
            b.append("# Paths are rewritten relative to this file's directory, naming the same directories:\n");
        } else {
            b.append("# Paths are rewritten relative to this file's directory, naming those of ").append(pathsFrom
                    .getFileName()).append(" (its bench and model were checked to hold the run's files byte for byte):\n");
        }
        for (String field : PATH_FIELDS) {
            if (spec.has(field) && paths.containsKey(field)) {
                String rel = relative(out, paths.get(field));
                b.append("#   ").append(field).append(": ").append(spec.get(field).asText()).append(" -> ").append(rel)
                        .append('\n');
                spec.put(field, rel);
            }
        }
        b.append("# commit: ").append(version("commit")).append('\n');
        b.append("# model provenance: ").append(modelProvenance()).append('\n');
        return b + YAML.writeValueAsString(spec);
    }

    /** spec.json: the spec with every path absolute. */
    private JsonNode absoluteSpec() throws IOException {
        return Json.mapper().readTree(Files.readAllBytes(runRoot.resolve(RunDirectory.SPEC_FILE)));
    }

    private static String relative(Path from, Path to) {
        Path base = from.toAbsolutePath().normalize();
        try {
            return base.relativize(to.toAbsolutePath().normalize()).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return to.toString();
        }
    }

    private String version(String key) {
        String v = manifest.versions().get(key);
        return v == null ? "not recorded by this run" : v;
    }

    /** The model snapshot's provenance.json, in one line: its commit, when it finished and the command. */
    private String modelProvenance() throws IOException {
        Path file = Path.of(absoluteSpec().path("model").asText()).resolve(Provenance.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return "none (the model has no " + Provenance.FILE_NAME + ")";
        }
        JsonNode p = Json.mapper().readTree(Files.readAllBytes(file));
        return "commit " + p.path("git_commit").asText("unknown") + ", finished " + p.path("finished").asText("unknown")
                + ", made by `" + p.path("command").asText("unknown") + "`";
    }

    private String results(Path out, String reference, List<String> columns, String notes, Path model)
            throws IOException {
        // Validates the reference first: a bad one must fail before anything is written.
        String body;
        try {
            body = report.resultsMarkdown(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--reference: " + e.getMessage(), e);
        }
        String ref = reference == null ? report.best() : reference;
        List<CellTimes> times = new ArrayList<>();
        Instant lastFinish = manifest.created();
        for (String method : methods) {
            for (String action : actions) {
                RunLayout.Cell cell = new RunLayout.Cell(method, action);
                if (Files.exists(layout.cellState(cell))) {
                    CellTimes t = CellTimes.of(layout, cell);
                    times.add(t);
                    lastFinish = t.finished().isAfter(lastFinish) ? t.finished() : lastFinish;
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("# Results of run ").append(runRoot.getFileName()).append("\n\n");
        b.append("Published by `actionbench publish`. Every figure below is recomputed from the files beside this one by"
                + " `actionbench report judgements-oracle.csv --format results").append(ref == null ? "" : " --reference "
                + ref).append("`.\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| spec | [").append(SPEC).append("](").append(SPEC).append(") (as given; paths rewritten to name the"
                + " same directories from here) |\n");
        b.append("| samples | [samples.jsonl](samples.jsonl): ").append(records.size()).append(" images, each with its"
                + " SHA-256 (checked against the images when published) |\n");
        b.append("| judgements | [").append(RunJudging.FILE_NAME).append("](").append(RunJudging.FILE_NAME).append("): ")
                .append(report.judgements().size()).append(" judgements; Excel: [").append(XLSX).append("](")
                .append(XLSX).append(") |\n");
        b.append("| commit | ").append(version("commit")).append(" |\n");
        b.append("| model | `").append(relative(out, model))
                .append("` (from here); provenance: ")
                .append(modelProvenance().replace("|", "\\|")).append(" |\n");
        b.append("| machine | ").append(version("machine")).append(" |\n");
        b.append("| compute | device ").append(version("device")).append(", precision ").append(version("precision"))
                .append(", libtorch ").append(version("libtorch")).append(", DJL ").append(version("djl"))
                .append(", Java ").append(version("java")).append(" |\n");
        b.append("| planned | ").append(manifest.created()).append(" |\n");
        b.append("| wall time | ").append(CellTimes.format(CellTimes.total(times))).append(" over ").append(times.size())
                .append(" cells (the sum of the per-cell times below); ")
                .append(CellTimes.format(Duration.between(manifest.created(), lastFinish)))
                .append(" from planning to the last cell's finish |\n\n");
        if (notes != null) {
            b.append(notes).append('\n');
        }
        b.append(body);
        b.append("\n## Wall time per cell\n\n");
        b.append("From each cell's train.log: the time from the first to the last line of each attempt (the first run"
                + " and every resume), summed; started and finished from its state.json.\n\n");
        b.append("| Method | Cells | Wall time |\n|---|---:|---:|\n");
        for (String method : methods) {
            List<CellTimes> own = times.stream().filter(t -> t.cell().method().equals(method)).toList();
            b.append("| ").append(method).append(" | ").append(own.size()).append(" | ")
                    .append(CellTimes.format(CellTimes.total(own))).append(" |\n");
        }
        b.append('\n');
        b.append("| Method | Action | Started | Finished | Attempts | Wall time |\n|---|---|---|---|---:|---:|\n");
        for (CellTimes t : times) {
            b.append("| ").append(t.cell().method()).append(" | ").append(t.cell().action()).append(" | ")
                    .append(t.started()).append(" | ").append(t.finished()).append(" | ").append(t.attempts())
                    .append(" | ").append(CellTimes.format(t.wall())).append(" |\n");
        }
        b.append("\n## Sample grids\n\n");
        b.append("One per action: a row per method (run order), a column per subject (")
                .append(String.join(", ", columns)).append("), each the first image (k = 0).\n\n");
        for (String action : actions) {
            b.append("![").append(action).append("](").append(GRIDS).append('/').append(action).append(".png)\n");
        }
        return b.toString();
    }
}

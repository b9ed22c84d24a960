package org.actionbench.ui.importer;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.actionbench.data.bench.Action;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.bench.BenchException;
import org.actionbench.data.bench.BenchJson;
import org.actionbench.data.bench.BenchValidator;
import org.actionbench.data.run.CellState;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.RunManifest;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.ui.model.BenchAction;
import org.actionbench.ui.model.Exemplar;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Run;
import org.actionbench.ui.model.Subject;
import org.actionbench.ui.security.Tokens;

/**
 * Imports a run directory (ARCHITECTURE.md §2) incrementally: every image recorded in {@code samples.jsonl} whose
 * file is there and matches its sha256 is added once (by sha256), so importing again picks up the cells that
 * finished since. Images that are missing or damaged are listed and skipped; nothing stored is ever changed.
 *
 * <p>The bench (exemplars, action texts, subject texts) is found, in this order: the directory the caller
 * names; {@code <run>/bench/}; the {@code bench} field of the runner's {@code spec.json} (absolute); the
 * {@code bench} field of run.json's spec (relative to the run).
 */
@ApplicationScoped
public class RunImporter {
    private final ServedImages served;
    private final Event<ImagesImported> imported;

    public RunImporter(ServedImages served, Event<ImagesImported> imported) {
        this.served = served;
        this.imported = imported;
    }

    /** Where a run may keep a copy of its bench. */
    public static final String BENCH_DIR = "bench";
    /** The runner's copy of the spec with every path resolved (harness/runner/SPEC.md). */
    public static final String RESOLVED_SPEC = "spec.json";
    /** The spec field naming the bench directory. */
    public static final String SPEC_BENCH = "bench";

    /**
     * What a method id may look like (as the bench's ids): it is shown to admins and written to the judgement
     * CSV, where a leading = + - @ would make a spreadsheet run it as a formula.
     */
    public static final Pattern METHOD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** What a label given at import may look like: it names the run on the dashboard and in exports. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * Imports a run. {@code label} names a new run (unique; default: the directory's name, with {@code -2},
     * {@code -3}... appended when another run has it); a run imported before keeps its label.
     * One at a time: two imports of the same run would race for the same new images.
     */
    public synchronized ImportReport importRun(Path runDir, Optional<Path> benchDir, Optional<String> label)
            throws ImportException {
        Path run = runDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(run)) {
            throw new ImportException(run + ": not a directory");
        }
        if (label.isPresent() && !LABEL.matcher(label.get()).matches()) {
            throw new ImportException("the label \"" + label.get() + "\" is not 1 to 100 letters, digits, '.', '_' or"
                    + " '-' (starting with a letter or digit)");
        }
        RunLayout layout = new RunLayout(run);
        if (!Files.isRegularFile(layout.manifest())) {
            throw new ImportException(run + ": not a run directory (there is no " + RunManifest.FILE_NAME + ")");
        }
        RunManifest manifest;
        SamplesJsonl.Contents samples;
        try {
            manifest = RunManifest.read(layout.manifest());
            samples = SamplesJsonl.read(layout.samplesJsonl());
        } catch (IOException e) {
            throw new ImportException(e.getMessage());
        } catch (RuntimeException e) {
            throw new ImportException(layout.manifest() + ": " + e.getMessage());
        }
        Path bench = locateBench(run, manifest, benchDir);
        Bench b;
        try {
            b = BenchValidator.load(bench);
        } catch (BenchException e) {
            throw new ImportException("the run's bench " + bench + " is not valid: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        samples.warning(layout.samplesJsonl()).ifPresent(problems::add);

        Set<String> knownSha = new HashSet<>(QuarkusTransaction.requiringNew().call(
                () -> Image.<Image>getEntityManager().createQuery("select i.sha256 from Image i", String.class)
                        .getResultList()));
        Map<String, String> knownFiles = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> Image.getEntityManager()
                .createQuery("select i.file, i.sha256 from Image i where i.run.path = :p", Object[].class)
                .setParameter("p", run.toString()).getResultList()
                .forEach(row -> knownFiles.put((String) row[0], (String) row[1])));

        int already = 0;
        List<SampleRecord> fresh = new ArrayList<>();
        Set<String> batch = new HashSet<>();
        for (SampleRecord r : samples.records()) {
            if (knownSha.contains(r.sha256())) {
                already++;
                continue;
            }
            String where = layout.samplesJsonl() + ": " + r.file() + ": ";
            Optional<String> problem = check(layout, b, r, knownFiles, batch);
            if (problem.isPresent()) {
                problems.add(where + problem.get());
            } else {
                fresh.add(r);
            }
        }
        int unfinished = unfinishedCells(layout, problems);
        String name = QuarkusTransaction.requiringNew().call(() -> labelFor(run, label));
        if (name == null) {
            throw new ImportException("the label \"" + label.orElse("") + "\" is taken by another run; choose another");
        }
        Map<String, String> added = QuarkusTransaction.requiringNew().call(() -> store(run, name, bench, b, fresh,
                methodOrder(manifest)));
        if (!added.isEmpty()) {
            imported.fire(new ImagesImported(added.size()));
        }
        for (var e : added.entrySet()) { // the served bytes, once (ServedImages)
            try {
                served.prepare(e.getKey(), Files.readAllBytes(layout.resolve(e.getValue())));
            } catch (IOException | PngSanitizer.NotPngException ex) {
                problems.add(layout.samplesJsonl() + ": " + e.getValue() + ": not prepared for serving yet ("
                        + ex.getMessage() + "); it is prepared when first shown");
            }
        }
        return new ImportReport(run.toString(), name, fresh.size(), already, unfinished, problems);
    }

    private static Optional<String> check(RunLayout layout, Bench bench, SampleRecord r, Map<String, String> knownFiles,
            Set<String> batch) {
        if (!METHOD.matcher(r.method()).matches()) {
            return Optional.of("the method \"" + r.method() + "\" is not a method id (1 to 100 letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit)");
        }
        if (bench.action(r.action()).isEmpty()) {
            return Optional.of("action \"" + r.action() + "\" is not in the run's bench");
        }
        if (bench.subject(r.subject()).isEmpty()) {
            return Optional.of("subject \"" + r.subject() + "\" is not in the run's bench");
        }
        if (knownFiles.containsKey(r.file())) {
            return Optional.of("was imported before with other content (sha256 " + knownFiles.get(r.file())
                    + "); the first version is kept");
        }
        Path file;
        try {
            file = layout.resolve(r.file());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of("image missing (it is imported once it is there)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Optional.of("cannot read the image: " + e.getMessage());
        }
        String sha = Hashes.sha256(bytes);
        if (!sha.equals(r.sha256())) {
            return Optional.of("corrupt image: its sha256 is " + sha + ", samples.jsonl records " + r.sha256());
        }
        try {
            PngSanitizer.sanitize(bytes);
        } catch (PngSanitizer.NotPngException e) {
            return Optional.of("corrupt image: " + e.getMessage());
        }
        if (!batch.add(sha)) {
            return Optional.of("the same bytes as another image of this run; imported once");
        }
        return Optional.empty();
    }

    private static int unfinishedCells(RunLayout layout, List<String> problems) {
        int n = 0;
        try {
            for (RunLayout.Cell cell : layout.cells()) {
                if (!CellState.readOrPending(layout.cellState(cell), Instant.now()).isDone()) {
                    n++;
                }
            }
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
        return n;
    }

    private static Path locateBench(Path run, RunManifest manifest, Optional<Path> given) throws ImportException {
        if (given.isPresent()) {
            Path dir = given.get().toAbsolutePath().normalize();
            if (!Files.isRegularFile(BenchJson.file(dir))) {
                throw new ImportException(dir + ": not a bench directory (there is no " + BenchJson.FILE_NAME + ")");
            }
            return dir;
        }
        Path copy = run.resolve(BENCH_DIR);
        if (Files.isRegularFile(BenchJson.file(copy))) {
            return copy;
        }
        // The runner's spec.json holds the spec with absolute paths; run.json keeps it as the user wrote it.
        Path resolvedSpec = run.resolve(RESOLVED_SPEC);
        if (Files.isRegularFile(resolvedSpec)) {
            try {
                var bench = new com.fasterxml.jackson.databind.ObjectMapper().readTree(resolvedSpec.toFile()).get(SPEC_BENCH);
                if (bench != null && bench.isTextual()
                        && Files.isRegularFile(BenchJson.file(run.resolve(bench.asText()).normalize()))) {
                    return run.resolve(bench.asText()).normalize();
                }
            } catch (java.io.IOException e) {
                throw new ImportException(resolvedSpec + ": not readable JSON: " + e.getMessage());
            }
        }
        var field = manifest.spec().get(SPEC_BENCH);
        if (field != null && field.isTextual()) {
            Path dir = run.resolve(field.asText()).normalize();
            if (!Files.isRegularFile(BenchJson.file(dir))) {
                throw new ImportException(run.resolve(RunManifest.FILE_NAME) + ": spec.bench: " + dir
                        + " is not a bench directory (there is no " + BenchJson.FILE_NAME + ")");
            }
            return dir;
        }
        throw new ImportException(run + ": cannot tell where the run's bench is (run.json has no spec.bench and there"
                + " is no " + BENCH_DIR + "/ folder in the run); give the bench directory as well");
    }

    /**
     * The methods in the order the run's spec lists them (entries are a method id or an object with a
     * {@code method} field, harness/runner/SPEC.md); empty when the spec has no such list.
     */
    static List<String> methodOrder(RunManifest manifest) {
        List<String> out = new ArrayList<>();
        var methods = manifest.spec().get("methods");
        if (methods != null && methods.isArray()) {
            for (var m : methods) {
                var id = m.isTextual() ? m : m.get("method");
                if (id != null && id.isTextual() && METHOD.matcher(id.asText()).matches() && !out.contains(id.asText())) {
                    out.add(id.asText());
                }
            }
        }
        return out;
    }

    /**
     * The label of the run at {@code runDir}: its own when imported before (a label never changes), else the
     * requested one, else the directory's name made unique; null when the requested label is taken.
     */
    private static String labelFor(Path runDir, Optional<String> requested) {
        Optional<Run> known = Run.<Run>find("path", runDir.toString()).firstResultOptional();
        if (known.isPresent()) {
            return known.get().label;
        }
        if (requested.isPresent()) {
            return Run.count("label", requested.get()) == 0 ? requested.get() : null;
        }
        String base = runDir.getFileName() == null ? "run" : runDir.getFileName().toString();
        String label = base;
        for (int n = 2; Run.count("label", label) > 0; n++) {
            label = base + "-" + n;
        }
        return label;
    }

    /** Stores the run, its bench texts and the fresh images; returns the new images' public id -> file. */
    private static Map<String, String> store(Path runDir, String label, Path benchDir, Bench bench,
            List<SampleRecord> fresh, List<String> methodOrder) {
        Instant now = Instant.now();
        Run run = Run.<Run>find("path", runDir.toString()).firstResultOptional().orElseGet(() -> {
            Run r = new Run();
            r.path = runDir.toString();
            r.label = label;
            return r;
        });
        run.benchPath = benchDir.toString();
        run.importedAt = now;
        if (run.methodOrder == null && !methodOrder.isEmpty()) {
            run.methodOrder = String.join("\n", methodOrder);
        }
        run.persist();
        Map<String, BenchAction> actions = new HashMap<>();
        BenchAction.<BenchAction>list("run", run).forEach(a -> actions.put(a.actionKey, a));
        for (Action a : bench.actions()) {
            if (actions.containsKey(a.id())) {
                continue;
            }
            BenchAction row = new BenchAction();
            row.run = run;
            row.actionKey = a.id();
            row.name = a.name();
            row.description = a.description();
            row.persist();
            actions.put(a.id(), row);
            for (int i = 0; i < a.exemplars().size(); i++) {
                Exemplar e = new Exemplar();
                e.action = row;
                e.index = i;
                e.publicId = Tokens.random(26);
                e.file = a.exemplars().get(i).file();
                e.persist();
            }
        }
        Map<String, Subject> subjects = new HashMap<>();
        Subject.<Subject>list("run", run).forEach(s -> subjects.put(s.subjectKey, s));
        for (org.actionbench.data.bench.Subject s : bench.subjects()) {
            subjects.computeIfAbsent(s.id(), id -> {
                Subject row = new Subject();
                row.run = run;
                row.subjectKey = id;
                row.text = s.text();
                row.group = s.group().jsonName();
                row.persist();
                return row;
            });
        }
        Map<String, String> added = new HashMap<>();
        for (SampleRecord r : fresh) {
            Image img = new Image();
            img.publicId = Tokens.random(26);
            img.run = run;
            img.file = r.file();
            img.sha256 = r.sha256();
            img.method = r.method();
            img.action = actions.get(r.action());
            img.subject = subjects.get(r.subject());
            img.importedAt = now;
            img.persist();
            added.put(img.publicId, img.file);
        }
        return added;
    }
}

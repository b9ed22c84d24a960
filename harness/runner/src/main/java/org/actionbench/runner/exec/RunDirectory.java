package org.actionbench.runner.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.actionbench.data.bench.Problem;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.data.io.Json;
import org.actionbench.data.run.CellState;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.RunManifest;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.engine.config.SnapshotLayout;
import org.actionbench.engine.device.NativeLibrary;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.mini.GitInfo;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.PlannedImage;
import org.actionbench.runner.plan.PlannedMethod;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.spec.ComputeSpec;
import org.actionbench.runner.spec.RunSpecReader;
import org.actionbench.runner.spec.SpecDocument;
import org.actionbench.runner.spec.SpecException;

/**
 * A run directory as the executors keep it (ARCHITECTURE.md §2): {@code run.json} (the spec as given, the resolved
 * settings, versions, seeds, a summary of cell states) and {@code spec.json}, the same spec with every path
 * absolute and every default written out, from which a resume or a Slurm task plans exactly the same grid
 * (the spec as given may use paths relative to a file the run no longer knows). The run's
 * {@code samples.jsonl} is assembled from the cells' own record files in plan order, so it is the same file
 * whatever order cells finished in (one process after another, or a Slurm array in parallel).
 * run.json and samples.jsonl are rewritten under a lock, as Slurm tasks finish concurrently.
 */
public final class RunDirectory {
    public static final String SPEC_FILE = "spec.json";
    private static final String LOCK_FILE = ".run.lock";
    private static final String RUNNER_VERSION = "0.1.0";

    private final RunLayout layout;
    private final Clock clock;

    private RunDirectory(Path root, Clock clock) {
        this.layout = new RunLayout(root);
        this.clock = clock;
    }

    public RunLayout layout() {
        return layout;
    }

    public Path root() {
        return layout.root();
    }

    /**
     * Creates the run directory of {@code plan} (its output, which must be absent or empty): spec.json,
     * then run.json with every cell pending. run.json comes last, so a directory with run.json is a whole run.
     */
    public static RunDirectory create(RunPlan plan) throws IOException {
        Path root = plan.output();
        if (Files.exists(root)) {
            try (var entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(root + ": exists and is not empty");
                }
            }
        }
        Files.createDirectories(root);
        RunDirectory dir = new RunDirectory(root, Clock.systemUTC());
        Json.write(root.resolve(SPEC_FILE), plan.source().spec().toTree());
        Map<String, Map<String, CellState.Status>> cells = new LinkedHashMap<>();
        for (PlannedCell c : plan.cells()) {
            cells.computeIfAbsent(c.cell().method(), m -> new LinkedHashMap<>()).put(c.cell().action(),
                    CellState.Status.PENDING);
        }
        new RunManifest(RunManifest.FORMAT, dir.clock.instant(), plan.source().given(), resolvedMethods(plan),
                versions(plan), plan.source().spec().seeds().asMap(), cells).write(dir.layout.manifest());
        return dir;
    }

    /** An existing run; refuses a directory without run.json or spec.json. */
    public static RunDirectory open(Path root) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(r.resolve(RunManifest.FILE_NAME))) {
            throw new IOException(root + ": not a run directory (no " + RunManifest.FILE_NAME + ")");
        }
        if (!Files.isRegularFile(r.resolve(SPEC_FILE))) {
            throw new IOException(root + ": no " + SPEC_FILE + "; this run was not written by this runner");
        }
        return new RunDirectory(r, Clock.systemUTC());
    }

    public RunManifest manifest() throws IOException {
        return RunManifest.read(layout.manifest());
    }

    /**
     * The run's spec (from spec.json), paired with the spec as given (from run.json), ready to plan. The
     * output must be this directory: a moved run is refused rather than resumed into its old place.
     */
    public SpecDocument spec() throws IOException, SpecException {
        Path file = layout.root().resolve(SPEC_FILE);
        JsonNode tree = Json.mapper().readTree(Files.readAllBytes(file));
        var spec = RunSpecReader.parse(tree, file, layout.root());
        if (!spec.output().equals(layout.root())) {
            throw new SpecException(List.of(new Problem(file, "output", "this run was created in " + spec.output()
                    + " and has moved to " + layout.root() + "; move it back to resume it")));
        }
        return new SpecDocument(file, manifest().spec(), spec);
    }

    /**
     * The run's spec with its device replaced, for a resume or a cell on another device: another GPU is allowed
     * (a GPU's arithmetic is its model's, not its index's), another kind of device is not, as the run's images
     * would then mix two kinds of arithmetic and no longer re-run byte for byte from its spec.
     */
    public SpecDocument spec(ComputeDevice device) throws IOException, SpecException {
        SpecDocument recorded = spec();
        ComputeDevice before = recorded.spec().compute().device();
        if (before.isGpu() != device.isGpu()) {
            throw new SpecException(List.of(new Problem(recorded.file(), "device", "this run computes on " + before
                    + "; it cannot continue on " + device + " (its images would mix CPU and GPU arithmetic): "
                    + (before.isGpu() ? "resume it on a GPU, " : "resume it on the CPU, ")
                    + "or start a new run")));
        }
        return new SpecDocument(recorded.file(), recorded.given(), recorded.spec().withCompute(
                recorded.spec().compute().withDevice(device)));
    }

    /**
     * Refuses to continue when a method's resolved settings differ from those the run started with (a method's
     * defaults changed between versions): half the cells would silently use other settings than run.json says.
     */
    public void checkSettings(RunPlan plan) throws IOException, SpecException {
        Map<String, JsonNode> recorded = manifest().methods();
        Map<String, JsonNode> now = resolvedMethods(plan);
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : now.entrySet()) {
            JsonNode before = recorded.get(e.getKey());
            if (before == null || !before.equals(e.getValue())) {
                problems.add(new Problem(layout.manifest(), "methods." + e.getKey(), "the resolved settings are now "
                        + Json.compact(e.getValue()) + ", the run started with "
                        + (before == null ? "none" : Json.compact(before))
                        + "; a resume must run the same methods (start a new run instead)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
    }

    /**
     * Brings run.json's cell summary up to date from the cells' state.json files and, with {@code samples},
     * rewrites the run's samples.jsonl from the cells' records (plan order: cell, subject, k).
     */
    public void refresh(RunPlan plan, boolean samples) throws IOException {
        try (FileChannel ch = FileChannel.open(layout.root().resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            removeOwnTemporaries();
            RunManifest m = manifest();
            for (PlannedCell c : plan.cells()) {
                CellState s = CellState.readOrPending(layout.cellState(c.cell()), clock.instant());
                m = m.withCell(c.cell().method(), c.cell().action(), s.status());
            }
            m.write(layout.manifest());
            if (samples) {
                writeSamples(plan);
            }
        }
    }

    /**
     * Temporaries a kill left beside run.json and samples.jsonl (held lock: no writer is mid-write). Only the
     * root's own files: cells' temporaries belong to whoever runs the cell.
     */
    private void removeOwnTemporaries() throws IOException {
        try (var files = Files.list(layout.root())) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void writeSamples(RunPlan plan) throws IOException {
        StringBuilder text = new StringBuilder();
        for (PlannedCell c : plan.cells()) {
            Map<String, SampleRecord> byFile = new HashMap<>();
            for (SampleRecord r : SamplesJsonl.read(CellRunner.cellSamples(layout, c.cell())).records()) {
                byFile.put(r.file(), r);
            }
            for (PlannedImage image : c.images()) {
                SampleRecord r = byFile.get(image.file());
                if (r != null) {
                    text.append(Json.compact(r)).append('\n');
                }
            }
        }
        AtomicFiles.writeString(layout.samplesJsonl(), text.toString());
    }

    /** name → {"method": id, "settings": {...}}, through JSON text so numbers compare as read back from a file. */
    static Map<String, JsonNode> resolvedMethods(RunPlan plan) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (PlannedMethod<?> m : plan.methods()) {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("method", m.id());
            o.set("settings", Json.mapper().valueToTree(m.recordedSettings()));
            out.put(m.name(), Json.mapper().readTree(Json.compact(o)));
        }
        return out;
    }

    private static Map<String, String> versions(RunPlan plan) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("runner", RUNNER_VERSION);
        v.put("java", System.getProperty("java.version"));
        // DJL's jars carry no Implementation-Version (runs made before this read "unknown"); it knows its own.
        String djl = ai.djl.engine.Engine.getDjlVersion();
        v.put("djl", djl == null || djl.isBlank() ? "unknown" : djl);
        v.put("model", plan.model().toString());
        v.put("bench", plan.benchDir().toString());
        // Where the run was planned; each cell's train.log names the device and libtorch it really ran on.
        v.put("device", plan.source().spec().compute().device().name());
        v.put("precision", plan.source().spec().compute().precision());
        if (plan.source().spec().compute().precision().equals(ComputeSpec.FP16)) {
            Set<ModelComponent> present = presentComponents(plan.model());
            for (PlannedMethod<?> m : plan.methods()) {
                v.put("precision " + m.name(), ModelComponent.describe(ModelComponent.halfExcept(present,
                        m.trainedComponents())));
            }
        }
        v.put("attentionScoreChunkMb", Integer.toString(plan.source().spec().compute().attentionScoreChunkMb()));
        NativeLibrary lib = NativeLibrary.loaded();
        v.put("libtorch", lib.version() + " " + lib.flavor());
        // What `actionbench publish` shows as the run's provenance: the code and the machine it ran on.
        v.put("commit", GitInfo.describe(codeLocation()));
        v.put("machine", machine());
        return v;
    }

    /** The components of the snapshot at {@code model}: all but the ControlNet, which few snapshots have. */
    private static Set<ModelComponent> presentComponents(Path model) {
        Set<ModelComponent> out = EnumSet.allOf(ModelComponent.class);
        try {
            if (!SnapshotLayout.of(model).has(SnapshotLayout.CONTROLNET)) {
                out.remove(ModelComponent.CONTROLNET);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The directory this runner's classes were loaded from (its jar's directory), inside the checkout built. */
    private static Path codeLocation() {
        try {
            Path p = Path.of(RunDirectory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("");
        }
    }

    /** "2 cores, AMD EPYC 9B14, Linux amd64, 1 intra-op thread(s)": where the run was planned. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && line.indexOf(':') > 0) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the other fields still tell the machine apart
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ", "
                + System.getProperty("ai.djl.pytorch.num_threads", "default") + " intra-op thread(s)";
    }
}

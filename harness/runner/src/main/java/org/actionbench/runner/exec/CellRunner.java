package org.actionbench.runner.exec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.actionbench.data.bench.Subject;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.data.io.Png;
import org.actionbench.data.run.CellState;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplerSettings;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.engine.blocks.Attention;
import org.actionbench.engine.device.NativeLibrary;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.nn.ParameterOverrides;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;
import org.actionbench.runner.Home;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.PlannedImage;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.progress.ProgressSink;

/**
 * Runs one cell to the end, from wherever an earlier attempt stopped: train once (the method resumes from
 * its checkpoint in the cell directory), save the artifact, then sample every subject's images and record
 * each in the cell's own {@code samples.jsonl}; {@code state.json} says {@code done} only after the last
 * record. Every file is written atomically and every step is idempotent, which is what makes a
 * {@code kill -9} at any moment harmless:
 * <ul>
 * <li>artifact present → training is not run again; the checkpoint is removed once the artifact is saved;</li>
 * <li>images are sampled in fixed batches of the spec's {@code sampler.batch} across subjects ({@link #batches}),
 *     always a whole batch (an image never depends on which others are missing), and only unrecorded ones are
 *     written and recorded;</li>
 * <li>a PNG written but not yet recorded is simply written again, with the same bytes;</li>
 * <li>temporary files a killed write left behind are removed before the cell starts again.</li>
 * </ul>
 * Sampling always uses the artifact as read back from its file, so a cell sampled right after training and
 * a cell resumed after a kill sample from the very same numbers. A cell computes under its spec's attention chunk
 * budget in whichever process runs it (this one, a {@code --parallel} child, a Slurm task: all plan from the
 * run's spec.json).
 */
public final class CellRunner {
    /** The learned artifact of every cell (empty for methods that learn nothing). */
    public static final String ARTIFACT_FILE = "artifact.safetensors";

    private final RunPlan plan;
    private final RunLayout layout;
    private final StableDiffusion model;
    private final ProgressSink sink;
    private final Clock clock;

    public CellRunner(RunPlan plan, RunLayout layout, StableDiffusion model, ProgressSink sink) {
        this(plan, layout, model, sink, Clock.systemUTC());
    }

    CellRunner(RunPlan plan, RunLayout layout, StableDiffusion model, ProgressSink sink, Clock clock) {
        this.plan = plan;
        this.layout = layout;
        this.model = model;
        this.sink = sink;
        this.clock = clock;
    }

    /** The per-cell record file; the run's samples.jsonl is assembled from these in plan order. */
    public static Path cellSamples(RunLayout layout, RunLayout.Cell cell) {
        return layout.cell(cell).resolve(SamplesJsonl.FILE_NAME);
    }

    /**
     * Runs {@code cell} unless its state says done; returns its final state. On failure the state says
     * failed with the reason, train.log has the stack trace, and the exception is rethrown.
     */
    public CellState run(PlannedCell cell) throws IOException {
        Path dir = layout.cell(cell.cell());
        Files.createDirectories(dir);
        int scoreChunkMb = plan.source().spec().compute().attentionScoreChunkMb();
        try (CellLock lock = CellLock.acquire(dir, cell.label());
                Attention.ScoreChunkScope chunks = Attention.useScoreChunkMb(scoreChunkMb)) {
            Path stateFile = layout.cellState(cell.cell());
            CellState state = CellState.readOrPending(stateFile, clock.instant());
            if (state.isDone()) {
                return state;
            }
            removeTemporaries(dir);
            TrainLog log = new TrainLog(layout.trainLog(cell.cell()), clock);
            log.line(state.status() == CellState.Status.PENDING ? "cell " + cell.label() + " started"
                    : "cell " + cell.label() + " resumed (was " + state.status() + " at step " + state.step() + "/"
                    + state.steps() + ")");
            // Each cell puts the model's components in the dtypes its method needs (all float32 unless fp16).
            model.usePrecisions(plan.source().spec().compute().precisionsFor(model, cell.method().trainedComponents()));
            // The line to check that a GPU run really runs on the GPU (README, section GPU).
            log.line("compute on " + model.manager().getDevice() + " with " + NativeLibrary.loaded().describe()
                    + ", precision " + plan.source().spec().compute().precision() + " ("
                    + ModelComponent.describe(model.precisions()) + ")");
            log.line("attention score chunks of at most " + scoreChunkMb + " MiB when no gradient flows");
            state = state.running(state.step(), state.steps(), clock.instant());
            state.write(stateFile);
            sink.cellStarted(cell);
            try {
                ActionExamples examples = ExemplarLoader.examples(plan.bench(), plan.benchDir(), cell.action());
                Path artifactFile = dir.resolve(ARTIFACT_FILE);
                if (Files.exists(artifactFile)) {
                    log.line("artifact present; training not repeated");
                } else {
                    state = train(cell, examples, artifactFile, state, log);
                }
                Files.deleteIfExists(dir.resolve(TrainingContext.CHECKPOINT_FILE));
                leak(cell, dir, log);
                try (NDManager cellArrays = model.manager().newSubManager()) {
                    Artifact artifact = Artifact.load(artifactFile, cellArrays);
                    sample(cell, examples, artifact, log);
                }
                state = state.done(clock.instant());
                state.write(stateFile);
                log.line("cell " + cell.label() + " done");
                sink.cellFinished(cell, state);
                return state;
            } catch (IOException | RuntimeException | Error e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                try {
                    state = state.failed(why, clock.instant());
                    state.write(stateFile);
                    log.failure(e);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                sink.cellFinished(cell, state);
                throw e;
            }
        }
    }

    private CellState train(PlannedCell cell, ActionExamples examples, Path artifactFile, CellState state,
            TrainLog log) throws IOException {
        Path dir = artifactFile.getParent();
        if (Files.exists(dir.resolve(TrainingContext.CHECKPOINT_FILE))) {
            log.line("training resumes from " + TrainingContext.CHECKPOINT_FILE);
        }
        MetricsCsv metrics = MetricsCsv.open(layout.metricsCsv(cell.cell()));
        CellTrainingListener listener = new CellTrainingListener(cell, layout.cellState(cell.cell()), state, metrics,
                log, sink, clock);
        Artifact artifact = cell.method().train(examples, model, new TrainingContext(dir, layout.shared(),
                listener));
        artifact.save(artifactFile);
        release(artifact);
        log.line("artifact saved (" + artifact.tensors().size() + " tensor(s))");
        return listener.state();
    }

    /** On ActionBench-Mini, the oracle's count of generated action-different images showing the cell's action. */
    private void leak(PlannedCell cell, Path dir, TrainLog log) throws IOException {
        var measured = ActionDifferentLeak.measureAndWrite(dir, plan.bench(), cell.action().id(), Home.bundledJudge());
        if (measured.isPresent()) {
            log.line("action-different images judged doing '" + cell.action().id() + "' itself: "
                    + measured.get().judgedAsAnchorAction() + " of " + measured.get().images() + " ("
                    + ActionDifferentLeak.FILE_NAME + ")");
        }
    }

    /** Frees what the method allocated for its artifact (never the model's own arrays). */
    private void release(Artifact artifact) {
        Set<NDArray> frozen = Collections.newSetFromMap(new IdentityHashMap<>());
        frozen.addAll(model.arrays());
        for (NDArray a : artifact.tensors().values()) {
            if (!frozen.contains(a)) {
                a.close();
            }
        }
    }

    private void sample(PlannedCell cell, ActionExamples examples, Artifact artifact, TrainLog log)
            throws IOException {
        Path recordsFile = cellSamples(layout, cell.cell());
        SamplesJsonl.Contents contents = SamplesJsonl.read(recordsFile);
        contents.warning(recordsFile).ifPresent(w -> {
            try {
                log.line(w);
            } catch (IOException ignored) {
                // the warning is informative only
            }
        });
        Set<String> recorded = new HashSet<>();
        contents.records().forEach(r -> recorded.add(r.file()));
        int total = cell.images().size();
        int done = (int) cell.images().stream().filter(i -> recorded.contains(i.file())).count();
        if (done == total) {
            return;
        }
        log.line("sampling " + (total - done) + " of " + total + " images");
        Method<?> method = cell.method().method();
        SamplerSettings s = plan.sampler();
        SamplingSetup setup = method.sampling(artifact, examples, model);
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        SamplesJsonl records = new SamplesJsonl(recordsFile);
        Map<Subject, String> prompts = new LinkedHashMap<>();
        try (ParameterOverrides overrides = ParameterOverrides.apply(model.unet(), setup.unetOverrides())) {
            for (List<PlannedImage> batch : batches(cell.images(), plan.source().spec().sampler().batch())) {
                if (batch.stream().allMatch(i -> recorded.contains(i.file()))) {
                    continue;
                }
                List<String> batchPrompts = new ArrayList<>(batch.size());
                for (PlannedImage image : batch) {
                    batchPrompts.add(prompts.computeIfAbsent(image.subject(),
                            subject -> method.prompt(subject.text(), examples, artifact)));
                }
                List<Long> seeds = batch.stream().map(PlannedImage::seed).toList();
                TextToImagePipeline.Request request = TextToImagePipeline.Request
                        .of(model, batchPrompts, seeds, setup.conditioner())
                        .withSteps(s.steps()).withGuidanceScale((float) s.guidance()).withSize(s.height(), s.width())
                        .withControl(setup.controlChoice() != null ? setup.controlFor(seeds)
                                : fixedControl(setup.control(), batch));
                List<BufferedImage> out = pipeline.generate(request);
                int written = 0;
                for (int i = 0; i < batch.size(); i++) {
                    PlannedImage image = batch.get(i);
                    if (recorded.contains(image.file())) {
                        continue;
                    }
                    byte[] png = Png.encode(out.get(i));
                    AtomicFiles.write(layout.resolve(image.file()), png);
                    Subject subject = image.subject();
                    records.append(new SampleRecord(image.file(), sha256(png), cell.cell().method(),
                            cell.cell().action(), subject.id(), subject.group(), image.seed(), batchPrompts.get(i), s));
                    recorded.add(image.file());
                    String note = setup.controlNote(image.seed());
                    if (note != null) {
                        log.line(image.file() + ": control " + note);
                    }
                    written++;
                }
                done += written;
                sink.imagesWritten(cell, written, done, total);
            }
        }
    }

    /**
     * The cell's images (grid order: subject by subject, k = 0..n-1) cut into consecutive batches of
     * {@code size}, across subjects. The cut depends on the plan alone, never on which images are already
     * recorded: a resumed cell samples a batch with a missing image whole, with the same companions as an
     * uninterrupted run, so its images come out bit-identical (a batch moves pixels by rounding only, but
     * kill-safe resume promises the same bytes).
     */
    static List<List<PlannedImage>> batches(List<PlannedImage> images, int size) {
        List<List<PlannedImage>> out = new ArrayList<>();
        for (int start = 0; start < images.size(); start += size) {
            out.add(images.subList(start, Math.min(images.size(), start + size)));
        }
        return out;
    }

    /**
     * The method's fixed control input (or null) for a batch: one image per prompt, so a single pose map is
     * repeated and image k of every subject takes the list's k-th map, cyclically.
     */
    private static TextToImagePipeline.Control fixedControl(TextToImagePipeline.Control c, List<PlannedImage> batch) {
        if (c == null) {
            return null;
        }
        if (c.images().isEmpty()) {
            throw new IllegalArgumentException("the method's ControlNet input has no conditioning image");
        }
        List<BufferedImage> images = new ArrayList<>(batch.size());
        for (PlannedImage image : batch) {
            images.add(c.images().get(image.k() % c.images().size()));
        }
        return new TextToImagePipeline.Control(c.controlnet(), images, c.scale());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Temporary files and directories of atomic writes a kill interrupted ({@code .<name>.<random>.tmp},
     * AtomicFiles' form), anywhere in the cell.
     */
    static void removeTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> found;
        try (Stream<Path> files = Files.walk(dir)) {
            found = files.filter(p -> !p.equals(dir) && isTemporary(p)).toList();
        }
        for (Path p : found) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> inside = Files.walk(p)) {
                    for (Path q : inside.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            } else {
                Files.deleteIfExists(p);
            }
        }
    }

    private static boolean isTemporary(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }
}

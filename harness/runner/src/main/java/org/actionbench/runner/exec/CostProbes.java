package org.actionbench.runner.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.actionbench.baselines.common.GeneratedImages;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.data.run.RunLayout;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.nn.FlopCounter;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.runner.plan.Cost;
import org.actionbench.runner.plan.MethodCost;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.PlannedImage;
import org.actionbench.runner.plan.PlannedMethod;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.progress.ProgressSink;

/**
 * Measures each method entry's {@link MethodCost} by running real cells of it, shrunk, with {@link CellRunner} on
 * the loaded model in a scratch run directory, under {@link FlopCounter} and the wall clock: a probe cell with
 * 1 training step, every set-up count at 1 and no images; then the same with one count raised (steps by
 * {@link #EXTRA_STEPS}, generated images by a batch, the others by 1, and further when that adds less than
 * {@link #MIN_ADDED_SHARE} of the probe's FLOPs or {@link #MIN_ADDED_SECONDS}, whose time would be lost in the
 * noise) for each count;
 * then the probe sampling one batch of the cell's first images. Each raised probe is timed twice, each time
 * followed by the probe itself again, and the fastest of each kept (the probe's over all its runs): the machine's
 * speed drifts over tens of seconds, and a difference of times taken apart is where the drift lands.
 * Differences give the cost of one unit of each. An entry whose sampled image comes out far slower a GFLOP than
 * the others' is measured once more ({@link #SLOW_SAMPLER}). So every FLOP and second is the method's own code's
 * (its batch, accumulation, prior images, ADI's triple and masks, what it trains and what its sampling adds),
 * nothing a formula could drift from. The probe cell is the method's first action; the other actions of a
 * spec differ in their exemplars' prompts only.
 *
 * <p>Each method entry is run once, untimed, before it is measured, so class loading and the allocator's first
 * growth are not counted. The results are cached in {@link #cacheFile()} under a key naming everything they
 * depend on: the model (path, weight file sizes and times), the CPU, the intra-op threads, the method's settings,
 * the action, the sampler and the batch.
 */
public final class CostProbes {
    /** Extra steps of the steps probe: enough to see one step's time above the clock's noise. */
    static final int EXTRA_STEPS = 4;
    /**
     * The share of the probe's FLOPs a raised count must add at least, so that its time stands out of the
     * noise on the probe's own time (with half, Custom Diffusion's step once came out at 0.073 s where the same
     * plan's other probes and the run said 0.14 s).
     */
    static final double MIN_ADDED_SHARE = 1.0;
    /**
     * The wall seconds a raised count must add at least: a short probe's raise by the share alone is a fraction of
     * a second, within the run-to-run jitter (Textual Inversion's 4 more steps, 0.45 s, came out at 0.155 s a step
     * in one plan and 0.11 s in the run).
     */
    static final double MIN_ADDED_SECONDS = 3.0;
    /** The most a count is raised by for that (a step of a few MFLOP in a probe of minutes stops here). */
    static final int MAX_EXTRA = 256;
    /**
     * How much slower a GFLOP an entry's sampled image may be than the plan's median before the entry is measured
     * again: ControlNet's image does 1.38x the GFLOP of a plain one at about the same rate, while DreamBooth's probe,
     * caught slow, sampled at 2.4x the others' seconds per GFLOP.
     */
    static final double SLOW_SAMPLER = 1.5;
    /**
     * The rules that rest on time: how many seconds a raise must add, how much slower a GFLOP a sampled image may
     * be than the plan's median before its entry is measured again.
     */
    record TimingRules(double minAddedSeconds, double slowSampler) {
        static final TimingRules MEASURED = new TimingRules(MIN_ADDED_SECONDS, SLOW_SAMPLER);
        /** For a test of the FLOPs on a tiny model, whose times are overheads: raised by the work alone. */
        static final TimingRules FLOPS_ONLY = new TimingRules(0, Double.POSITIVE_INFINITY);
    }
    private static final String CACHE_VERSION = "5";

    private final RunPlan plan;
    private final StableDiffusion model;
    private final Path cacheFile;

    private final Consumer<String> notes;
    private final TimingRules rules;

    /** {@code notes} receives one line per method entry measured (the probes take seconds to minutes). */
    public CostProbes(RunPlan plan, StableDiffusion model, Path cacheFile, Consumer<String> notes) {
        this(plan, model, cacheFile, notes, TimingRules.MEASURED);
    }

    CostProbes(RunPlan plan, StableDiffusion model, Path cacheFile, Consumer<String> notes, TimingRules rules) {
        this.rules = rules;
        this.plan = plan;
        this.model = model;
        this.cacheFile = cacheFile;
        this.notes = notes;
    }

    /**
     * {@code ~/.cache/actionbench/plan-probes.properties}, or {@code $ACTIONBENCH_PLAN_CACHE} (or the system
     * property {@code actionbench.planCache}, which wins: the tests' own file).
     */
    public static Path cacheFile() {
        String property = System.getProperty("actionbench.planCache");
        String env = property != null ? property : System.getenv("ACTIONBENCH_PLAN_CACHE");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "actionbench", "plan-probes.properties");
    }

    /** Every method entry's cost by entry name, measured now or read from the cache. */
    public Map<String, MethodCost> measure() throws IOException {
        Properties cache = readCache();
        Map<String, MethodCost> out = new LinkedHashMap<>();
        Map<String, PlannedCell> fresh = new LinkedHashMap<>();
        Path scratch = Files.createTempDirectory("actionbench-plan-");
        try {
            for (PlannedMethod<?> m : plan.methods()) {
                PlannedCell first = plan.cells().stream().filter(c -> c.method() == m).findFirst().orElse(null);
                if (first == null) {
                    continue;
                }
                String key = key(first);
                MethodCost cached = fromCache(cache, key);
                if (cached == null) {
                    notes.accept("measuring " + m.name() + " on " + first.label() + at() + " (cached in " + cacheFile
                            + ")");
                    cached = probe(first, scratch.resolve(Integer.toString(out.size())));
                    toCache(cache, key, cached);
                    writeCache(cache);
                    fresh.put(m.name(), first);
                }
                out.put(m.name(), cached);
            }
            // Every method's sampled image is the same UNet work give or take what the method adds, so one far
            // slower a GFLOP than the plan's median was caught in a slow state that is not its method's (SPEC.md,
            // "Estimates": DreamBooth's first probe at 2.74 s an image, again minutes later at 1.18 s): measured
            // once more, and the faster probe kept.
            for (String name : slowSamplers(out, fresh.keySet(), rules.slowSampler())) {
                PlannedCell first = fresh.get(name);
                MethodCost before = out.get(name);
                notes.accept("measuring " + name + " again" + at() + ": its sampled image took "
                        + String.format(Locale.ROOT, "%.2f", before.perImage().seconds()) + " s, over "
                        + rules.slowSampler() + "x the plan's median per GFLOP");
                MethodCost again = probe(first, scratch.resolve("again-" + name));
                if (again.perImage().seconds() < before.perImage().seconds()) {
                    toCache(cache, key(first), again);
                    writeCache(cache);
                    out.put(name, again);
                }
            }
        } finally {
            deleteTree(scratch);
        }
        return out;
    }

    /** The clock time, so a probe can be matched with what else the machine did then (SPEC.md, "Estimates"). */
    private static String at() {
        return " at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The entries among {@code candidates} whose sampled image took more than {@code factor} times the median
     * seconds per GFLOP of all entries that sample (three at least, else none).
     */
    static List<String> slowSamplers(Map<String, MethodCost> costs, Set<String> candidates, double factor) {
        List<Double> perFlop = costs.values().stream().filter(c -> c.perImage().flops() > 0)
                .map(c -> c.perImage().seconds() / c.perImage().flops()).sorted().toList();
        if (perFlop.size() < 3) {
            return List.of();
        }
        int n = perFlop.size();
        double median = n % 2 == 1 ? perFlop.get(n / 2) : (perFlop.get(n / 2 - 1) + perFlop.get(n / 2)) / 2;
        List<String> slow = new ArrayList<>();
        costs.forEach((name, c) -> {
            if (candidates.contains(name) && c.perImage().flops() > 0
                    && c.perImage().seconds() / c.perImage().flops() > factor * median) {
                slow.add(name);
            }
        });
        return slow;
    }

    private MethodCost probe(PlannedCell cell, Path dir) throws IOException {
        Map<String, Integer> counts = MethodCost.counts(cell.method());
        Map<String, Integer> probeCounts = new LinkedHashMap<>();
        counts.forEach((k, v) -> probeCounts.put(k, Math.min(v, 1)));
        List<PlannedImage> batch = cell.images().subList(0,
                Math.min(cell.images().size(), plan.source().spec().sampler().batch()));
        int[] run = {0};
        ProbeRunner once = (c, images) -> run(cell, c, images, dir.resolve("probe-" + run[0]++));
        once.run(probeCounts, List.of()); // warm-up: class loading, the allocator's first growth
        Timings timings = new Timings(once, probeCounts);
        timings.probe();
        timings.probe();
        Map<String, Cost> perUnit = new LinkedHashMap<>();
        for (String k : probeCounts.keySet()) {
            // Generated images (class images, action-different ones) come in batches: raise them by one.
            int extra = k.equals("steps") ? EXTRA_STEPS : k.equals("dreamboothSteps") ? 1 : GeneratedImages.BATCH;
            Cost first = timings.raised(k, extra);
            int enough = extraFor(timings.probeCost().flops(), first.minus(timings.probeCost()).times(1.0 / extra),
                    extra, rules.minAddedSeconds());
            // One more unit adds too little beside the probe's own work to be timed (ADI's one-shot DreamBooth
            // step is 2 % of a probe that trains ten of them and generates their images): raise it further.
            Cost raised = timings.fastest(enough == extra ? first : timings.raised(k, enough),
                    timings.raised(k, enough));
            Cost unit = raised.minus(timings.probeCost()).times(1.0 / enough).atLeastZero();
            // A count that adds no matrix products does no work (ADI's one-shot DreamBooth steps when its
            // action-different images come from the bench): its time difference is the clock's noise, which
            // times a count of thousands would be minutes of nothing.
            perUnit.put(k, unit.flops() == 0 ? Cost.ZERO : unit);
        }
        Cost perImage = batch.isEmpty() ? Cost.ZERO : timings.sampling(batch);
        return new MethodCost(timings.probeCost(), probeCounts, perUnit, perImage);
    }

    /**
     * The probe's and its raised variants' timings. The machine's speed drifts (on the shared 2-core machine a
     * fixed piece of work took 29 ms for a minute, then 55 ms for the next): each raised run is followed by a
     * run of the probe itself, and the fastest of each is kept, so a difference is of two times taken when the
     * machine was at its fastest during the probes.
     */
    private static final class Timings {
        private final ProbeRunner runner;
        private final Map<String, Integer> probeCounts;
        private Cost fastestProbe;

        Timings(ProbeRunner runner, Map<String, Integer> probeCounts) {
            this.runner = runner;
            this.probeCounts = probeCounts;
        }

        void probe() throws IOException {
            keepFastest(runner.run(probeCounts, List.of()));
        }

        Cost probeCost() {
            return fastestProbe;
        }

        private void keepFastest(Cost c) {
            if (fastestProbe == null || c.seconds() < fastestProbe.seconds()) {
                fastestProbe = c;
            }
        }

        /** The probe with count {@code k} raised by {@code extra}, timed once, then the probe again. */
        Cost raised(String k, int extra) throws IOException {
            Map<String, Integer> counts = new LinkedHashMap<>(probeCounts);
            counts.put(k, probeCounts.get(k) + extra);
            Cost c = runner.run(counts, List.of());
            probe();
            return c;
        }

        /** One sampled image of {@code batch}: the probe sampling it, the faster of two, less the probe. */
        Cost sampling(List<PlannedImage> batch) throws IOException {
            Cost a = runner.run(probeCounts, batch);
            probe();
            Cost b = runner.run(probeCounts, batch);
            probe();
            return fastest(a, b).minus(fastestProbe).times(1.0 / batch.size()).atLeastZero();
        }

        Cost fastest(Cost a, Cost b) {
            return a.seconds() <= b.seconds() ? a : b;
        }
    }

    /**
     * How far to raise a count whose one unit costs {@code unit} (as first measured) beside a probe of
     * {@code probeFlops} so that the raise adds at least {@link #MIN_ADDED_SHARE} of the probe's work and
     * {@code minSeconds} ({@link #MIN_ADDED_SECONDS}): at least {@code minimum}, at most {@link #MAX_EXTRA};
     * {@code minimum} for a count that adds no work.
     */
    static int extraFor(double probeFlops, Cost unit, int minimum, double minSeconds) {
        if (unit.flops() <= 0) {
            return minimum;
        }
        double byWork = Math.ceil(MIN_ADDED_SHARE * probeFlops / unit.flops());
        double byTime = unit.seconds() > 0 ? Math.ceil(minSeconds / unit.seconds())
                : minSeconds > 0 ? MAX_EXTRA : 0;
        return (int) Math.max(minimum, Math.min(MAX_EXTRA, Math.max(byWork, byTime)));
    }

    @FunctionalInterface
    private interface ProbeRunner {
        Cost run(Map<String, Integer> counts, List<PlannedImage> images) throws IOException;
    }

    /** One shrunk cell through the real cell runner: its FLOPs and wall seconds. */
    private Cost run(PlannedCell cell, Map<String, Integer> counts, List<PlannedImage> images, Path dir)
            throws IOException {
        PlannedMethod<?> method = withSettings(cell.method(), new LinkedHashMap<>(counts));
        PlannedCell probe = new PlannedCell(0, cell.cell(), method, cell.action(), images);
        RunPlan probePlan = new RunPlan(plan.source(), plan.bench(), List.of(method), List.of(cell.action()),
                plan.subjects(), plan.imagesPerPair(), plan.sampler(), List.of(probe));
        CellRunner runner = new CellRunner(probePlan, new RunLayout(dir), model, ProgressSink.NONE);
        long start = System.nanoTime();
        FlopCounter.Counted<Void> counted = FlopCounter.count(() -> {
            try {
                runner.run(probe);
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        deleteTree(dir);
        return new Cost(counted.totalFlops(), seconds);
    }

    private static <S extends Record> PlannedMethod<S> withSettings(PlannedMethod<S> m, Map<String, Object> overrides) {
        return new PlannedMethod<>(m.name(), m.method(), SettingsRecords.apply(m.settings(), overrides));
    }

    private String key(PlannedCell cell) throws IOException {
        StringBuilder k = new StringBuilder("v" + CACHE_VERSION);
        k.append("|model ").append(plan.model().toAbsolutePath().normalize());
        try (Stream<Path> files = Files.walk(plan.model())) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                k.append('|').append(plan.model().relativize(f)).append(' ').append(Files.size(f)).append(' ')
                        .append(Files.getLastModifiedTime(f).toMillis());
            }
        }
        // The code that does the work: a rebuilt engine, method or runner is measured again.
        for (Class<?> code : List.of(StableDiffusion.class, cell.method().method().getClass(), CostProbes.class)) {
            k.append("|code ").append(code.getName()).append(' ').append(builtAt(code));
        }
        k.append("|cpu ").append(cpuModel()).append(" x").append(Runtime.getRuntime().availableProcessors());
        k.append("|threads ").append(System.getProperty("ai.djl.pytorch.num_threads", "default"));
        k.append("|device ").append(model.manager().getDevice());
        k.append("|bench ").append(plan.benchDir().toAbsolutePath().normalize());
        k.append("|action ").append(cell.action().id());
        k.append("|method ").append(cell.method().id()).append(' ').append(new TreeMap<>(cell.method().recordedSettings()));
        k.append("|sampler ").append(plan.sampler()).append(" batch ").append(plan.source().spec().sampler().batch());
        k.append("|images ").append(Math.min(cell.images().size(), plan.source().spec().sampler().batch()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(k.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** When the class file (or the jar holding it) of {@code code} was last written, or "?" if unknown. */
    private static String builtAt(Class<?> code) {
        try {
            URL url = code.getResource(code.getSimpleName() + ".class");
            if (url == null) {
                return "?";
            }
            Path file = "jar".equals(url.getProtocol())
                    ? Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI())
                    : Path.of(url.toURI());
            return Long.toString(Files.getLastModifiedTime(file).toMillis());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }

    private Properties readCache() throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(cacheFile)) {
            try (InputStream in = Files.newInputStream(cacheFile)) {
                p.load(in);
            }
        }
        return p;
    }

    private void writeCache(Properties p) throws IOException {
        AtomicFiles.write(cacheFile, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "actionbench run --plan: measured probe costs (flops,seconds)");
            }
        });
    }

    private static void toCache(Properties p, String key, MethodCost c) {
        List<String> parts = new ArrayList<>();
        parts.add("probe=" + cost(c.probe()));
        c.probeCounts().forEach((k, v) -> parts.add(k + "=" + v + ":" + cost(c.perUnit().get(k))));
        parts.add("image=" + cost(c.perImage()));
        p.setProperty(key, String.join(";", parts));
    }

    private static String cost(Cost c) {
        return c.flops() + "," + c.seconds();
    }

    /** The cached cost under {@code key}, or null when absent or unreadable (then it is measured again). */
    private static MethodCost fromCache(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            return null;
        }
        try {
            Cost probe = null;
            Cost image = null;
            Map<String, Integer> counts = new LinkedHashMap<>();
            Map<String, Cost> perUnit = new LinkedHashMap<>();
            for (String part : value.split(";")) {
                String name = part.substring(0, part.indexOf('='));
                String v = part.substring(part.indexOf('=') + 1);
                switch (name) {
                    case "probe" -> probe = parseCost(v);
                    case "image" -> image = parseCost(v);
                    default -> {
                        counts.put(name, Integer.parseInt(v.substring(0, v.indexOf(':'))));
                        perUnit.put(name, parseCost(v.substring(v.indexOf(':') + 1)));
                    }
                }
            }
            return probe == null || image == null ? null : new MethodCost(probe, counts, perUnit, image);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Cost parseCost(String v) {
        String[] fs = v.split(",");
        return new Cost(Double.parseDouble(fs[0]), Double.parseDouble(fs[1]));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }
}

package org.actionbench.runner.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.actionbench.data.bench.BenchValidator;
import org.actionbench.data.bench.Problem;
import org.actionbench.data.io.Json;
import org.actionbench.engine.blocks.Attention;
import org.actionbench.engine.device.ComputeDevice;

/**
 * Reads a run spec file (YAML for {@code .yaml}/{@code .yml}, JSON otherwise; the format is in
 * harness/runner/SPEC.md) and checks its form: every unknown key, missing field and wrong type is reported,
 * not only the first, as {@code file: field: message}. Relative paths are resolved against the spec file's
 * directory. Whether the bench, model, methods, actions and subjects exist is the
 * {@link org.actionbench.runner.plan.Planner}'s check, which adds its problems to the same list.
 */
public final class RunSpecReader {
    static final String BENCH = "bench";
    static final String MODEL = "model";
    static final String METHODS = "methods";
    static final String METHOD = "method";
    static final String NAME = "name";
    static final String SETTINGS = "settings";
    static final String ACTIONS = "actions";
    static final String SUBJECTS = "subjects";
    static final String IMAGES_PER_PAIR = "imagesPerPair";
    static final String SEEDS = "seeds";
    static final String TRAINING = "training";
    static final String SAMPLING = "sampling";
    static final String SAMPLER = "sampler";
    static final String STEPS = "steps";
    static final String ETA = "eta";
    static final String GUIDANCE = "guidance";
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    static final String BATCH = "batch";
    static final String SCHEDULER = "scheduler";
    static final String OUTPUT = "output";
    static final String DEVICE = "device";
    static final String PRECISION = "precision";
    static final String ATTENTION_SCORE_CHUNK_MB = "attentionScoreChunkMb";

    private static final Set<String> TOP = Set.of(BENCH, MODEL, METHODS, ACTIONS, SUBJECTS, IMAGES_PER_PAIR, SEEDS,
            SAMPLER, OUTPUT, DEVICE, PRECISION, ATTENTION_SCORE_CHUNK_MB);
    private static final Set<String> METHOD_KEYS = Set.of(METHOD, NAME, SETTINGS);
    private static final Set<String> SEED_KEYS = Set.of(TRAINING, SAMPLING);
    private static final Set<String> SAMPLER_KEYS = Set.of(SCHEDULER, STEPS, ETA, GUIDANCE, WIDTH, HEIGHT, BATCH);

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path file;
    private final Path baseDir;
    private final List<Problem> problems = new ArrayList<>();

    private RunSpecReader(Path file, Path baseDir) {
        this.file = file;
        this.baseDir = baseDir;
    }

    /**
     * The spec in {@code file}.
     *
     * @throws SpecException with every problem of its form
     */
    public static SpecDocument read(Path file) throws SpecException {
        JsonNode tree;
        try {
            byte[] bytes = Files.readAllBytes(file);
            tree = isYaml(file) ? YAML.readTree(bytes) : Json.mapper().readTree(bytes);
        } catch (NoSuchFileException e) {
            throw new SpecException(List.of(new Problem(file, "", "no such file")));
        } catch (JsonProcessingException e) {
            throw new SpecException(List.of(new Problem(file, "", syntaxMessage(e, isYaml(file)))));
        } catch (IOException e) {
            throw new SpecException(List.of(new Problem(file, "", "cannot read: " + e.getMessage())));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new SpecException(List.of(new Problem(file, "", "empty; expected a run spec")));
        }
        Path base = file.toAbsolutePath().normalize().getParent();
        return new SpecDocument(file, tree, parse(tree, file, base));
    }

    /**
     * The spec in {@code tree} (a parsed file, or a run directory's spec.json); relative paths resolve
     * against {@code baseDir}; {@code file} names the source in problems.
     */
    public static RunSpec parse(JsonNode tree, Path file, Path baseDir) throws SpecException {
        RunSpecReader r = new RunSpecReader(file, baseDir);
        RunSpec spec = r.spec(tree);
        if (!r.problems.isEmpty()) {
            throw new SpecException(r.problems);
        }
        return spec;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String syntaxMessage(JsonProcessingException e, boolean yaml) {
        String msg = e.getOriginalMessage();
        int cut = msg.indexOf('\n');
        if (cut >= 0) {
            msg = msg.substring(0, cut);
        }
        JsonLocation at = e.getLocation();
        String where = at != null && at.getLineNr() > 0
                ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "";
        return "malformed " + (yaml ? "YAML" : "JSON") + where + ": " + msg;
    }

    private RunSpec spec(JsonNode root) {
        if (!root.isObject()) {
            problem("", "expected an object with bench, model, methods and output, found " + kind(root));
            return null;
        }
        unknownKeys(root, "", TOP);
        Path bench = path(root, BENCH);
        Path model = path(root, MODEL);
        Path output = path(root, OUTPUT);
        List<MethodSpec> methods = methods(root.get(METHODS));
        List<String> actions = ids(root.get(ACTIONS), ACTIONS);
        List<String> subjects = ids(root.get(SUBJECTS), SUBJECTS);
        Integer imagesPerPair = optionalInt(root.get(IMAGES_PER_PAIR), IMAGES_PER_PAIR, 1);
        RunSeeds seeds = seeds(root.get(SEEDS));
        SamplerSpec sampler = sampler(root.get(SAMPLER));
        ComputeSpec compute = compute(root);
        if (!problems.isEmpty()) {
            return null;
        }
        return new RunSpec(bench, model, methods, actions, subjects, imagesPerPair, seeds, sampler, output, compute);
    }

    private ComputeSpec compute(JsonNode root) {
        ComputeDevice device = ComputeSpec.DEFAULT.device();
        JsonNode d = root.get(DEVICE);
        if (d != null && !d.isNull()) {
            try {
                device = ComputeDevice.parse(d.isTextual() ? d.asText() : d.toString());
            } catch (IllegalArgumentException e) {
                problem(DEVICE, e.getMessage());
            }
        }
        String precision = ComputeSpec.DEFAULT.precision();
        JsonNode p = root.get(PRECISION);
        if (p != null && !p.isNull()) {
            precision = p.isTextual() ? p.asText() : p.toString();
            String why = ComputeSpec.precisionProblem(device, precision);
            if (why != null) {
                problem(PRECISION, why);
            }
        }
        return new ComputeSpec(device, precision, attentionScoreChunkMb(root));
    }

    /** The spec's value; without one, the engine's default for a process without a spec (its system property). */
    private int attentionScoreChunkMb(JsonNode root) {
        Integer given = optionalInt(root.get(ATTENTION_SCORE_CHUNK_MB), ATTENTION_SCORE_CHUNK_MB, 1);
        if (given != null) {
            return given;
        }
        try {
            return Attention.defaultScoreChunkMb();
        } catch (IllegalArgumentException e) {
            problem(ATTENTION_SCORE_CHUNK_MB, "not given, and its default " + e.getMessage());
            return Attention.DEFAULT_SCORE_CHUNK_MB;
        }
    }

    private Path path(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            problem(key, "missing");
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            problem(key, "expected a path (a non-empty string), found " + kind(n));
            return null;
        }
        try {
            return baseDir.resolve(n.asText()).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            problem(key, "not a valid path: " + e.getMessage());
            return null;
        }
    }

    private List<MethodSpec> methods(JsonNode n) {
        List<MethodSpec> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            problem(METHODS, "missing; list at least one method");
            return out;
        }
        if (!n.isArray()) {
            problem(METHODS, "expected a list of methods, found " + kind(n));
            return out;
        }
        if (n.isEmpty()) {
            problem(METHODS, "empty; list at least one method");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            String at = METHODS + "[" + i + "]";
            MethodSpec m = method(n.get(i), at);
            if (m == null) {
                continue;
            }
            if (!names.add(m.name())) {
                problem(at, "method name \"" + m.name() + "\" is used twice; give one of them another \"name\"");
                continue;
            }
            out.add(m);
        }
        return out;
    }

    private MethodSpec method(JsonNode n, String at) {
        if (n.isTextual()) {
            String id = n.asText();
            return isId(id, at) ? MethodSpec.of(id) : null;
        }
        if (!n.isObject()) {
            problem(at, "expected a method id or {method, name, settings}, found " + kind(n));
            return null;
        }
        unknownKeys(n, at, METHOD_KEYS);
        JsonNode id = n.get(METHOD);
        String method = null;
        if (id == null || id.isNull()) {
            problem(at + "." + METHOD, "missing");
        } else if (!id.isTextual()) {
            problem(at + "." + METHOD, "expected a method id (a string), found " + kind(id));
        } else if (isId(id.asText(), at + "." + METHOD)) {
            method = id.asText();
        }
        String name = method;
        JsonNode nameNode = n.get(NAME);
        if (nameNode != null && !nameNode.isNull()) {
            if (!nameNode.isTextual()) {
                problem(at + "." + NAME, "expected a string, found " + kind(nameNode));
                name = null;
            } else {
                name = isId(nameNode.asText(), at + "." + NAME) ? nameNode.asText() : null;
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        JsonNode s = n.get(SETTINGS);
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                problem(at + "." + SETTINGS, "expected an object of setting: value, found " + kind(s));
            } else {
                for (Map.Entry<String, JsonNode> e : s.properties()) {
                    settings.put(e.getKey(), Json.mapper().convertValue(e.getValue(), Object.class));
                }
            }
        }
        return method == null || name == null ? null : new MethodSpec(name, method, settings);
    }

    private List<String> ids(JsonNode n, String key) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            problem(key, "expected a list of ids, found " + kind(n));
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            String at = key + "[" + i + "]";
            JsonNode e = n.get(i);
            if (!e.isTextual()) {
                problem(at, "expected an id (a string), found " + kind(e));
            } else if (!seen.add(e.asText())) {
                problem(at, "\"" + e.asText() + "\" is listed twice");
            } else {
                out.add(e.asText());
            }
        }
        return out;
    }

    private RunSeeds seeds(JsonNode n) {
        if (n == null || n.isNull()) {
            return RunSeeds.DEFAULT;
        }
        if (!n.isObject()) {
            problem(SEEDS, "expected {training, sampling}, found " + kind(n));
            return RunSeeds.DEFAULT;
        }
        unknownKeys(n, SEEDS, SEED_KEYS);
        Long training = optionalLong(n.get(TRAINING), SEEDS + "." + TRAINING);
        Long sampling = optionalLong(n.get(SAMPLING), SEEDS + "." + SAMPLING);
        return new RunSeeds(training == null ? RunSeeds.DEFAULT.training() : training,
                sampling == null ? RunSeeds.DEFAULT.sampling() : sampling);
    }

    private SamplerSpec sampler(JsonNode n) {
        SamplerSpec d = SamplerSpec.DEFAULT;
        if (n == null || n.isNull()) {
            return d;
        }
        if (!n.isObject()) {
            problem(SAMPLER, "expected {steps, guidance, eta, width, height, batch}, found " + kind(n));
            return d;
        }
        unknownKeys(n, SAMPLER, SAMPLER_KEYS);
        JsonNode scheduler = n.get(SCHEDULER);
        if (scheduler != null && !scheduler.isNull()
                && !(scheduler.isTextual() && scheduler.asText().equalsIgnoreCase(SamplerSpec.SCHEDULER))) {
            problem(SAMPLER + "." + SCHEDULER, "only \"" + SamplerSpec.SCHEDULER + "\" is supported, found "
                    + scheduler);
        }
        Integer steps = optionalInt(n.get(STEPS), SAMPLER + "." + STEPS, 1);
        Double eta = optionalNumber(n.get(ETA), SAMPLER + "." + ETA);
        if (eta != null && eta != 0.0) {
            problem(SAMPLER + "." + ETA, "only 0 (deterministic DDIM) is supported, found " + eta);
        }
        Double guidance = optionalNumber(n.get(GUIDANCE), SAMPLER + "." + GUIDANCE);
        if (guidance != null && guidance < 0) {
            problem(SAMPLER + "." + GUIDANCE, "must not be negative, found " + guidance);
        }
        Integer width = optionalInt(n.get(WIDTH), SAMPLER + "." + WIDTH, 1);
        Integer height = optionalInt(n.get(HEIGHT), SAMPLER + "." + HEIGHT, 1);
        if ((width == null) != (height == null)) {
            problem(SAMPLER, "give both width and height, or neither for the model's own resolution");
        }
        Integer batch = optionalInt(n.get(BATCH), SAMPLER + "." + BATCH, 1);
        return new SamplerSpec(steps == null ? d.steps() : steps, 0.0, guidance == null ? d.guidance() : guidance,
                width, height, batch == null ? d.batch() : batch);
    }

    private Integer optionalInt(JsonNode n, String at, int min) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            problem(at, "expected an integer, found " + kind(n));
            return null;
        }
        if (n.asInt() < min) {
            problem(at, "must be at least " + min + ", found " + n.asInt());
            return null;
        }
        return n.asInt();
    }

    private Long optionalLong(JsonNode n, String at) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            problem(at, "expected an integer, found " + kind(n));
            return null;
        }
        return n.asLong();
    }

    private Double optionalNumber(JsonNode n, String at) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            problem(at, "expected a number, found " + kind(n));
            return null;
        }
        return n.asDouble();
    }

    private boolean isId(String id, String at) {
        if (BenchValidator.isId(id)) {
            return true;
        }
        problem(at, "\"" + id + "\" is not an id: use letters, digits, '.', '_' and '-', starting with a letter"
                + " or digit");
        return false;
    }

    private void unknownKeys(JsonNode object, String at, Set<String> known) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String k = e.getKey();
            if (!known.contains(k)) {
                problem(at.isEmpty() ? k : at + "." + k, "unknown key (expected one of "
                        + known.stream().sorted().toList() + ")");
            }
        }
    }

    private void problem(String field, String message) {
        problems.add(new Problem(file, field, message));
    }

    private static String kind(JsonNode n) {
        if (n.isTextual()) {
            return "a string \"" + n.asText() + "\"";
        }
        if (n.isIntegralNumber()) {
            return "an integer " + n.asText();
        }
        if (n.isNumber()) {
            return "a number " + n.asText();
        }
        if (n.isBoolean()) {
            return "a boolean " + n.asText();
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "an object";
        }
        return "null";
    }
}

package org.actionbench.data.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.data.io.Json;

/**
 * {@code bench.json}, the description of a bench directory:
 * <pre>
 * {
 *   "actions": [ { "id", "name", "description", "exemplars": [ { "file", "prompt" } ] } ],
 *   "subjects": [ { "id", "text", "group": "human" | "celebrity" | "animal" } ],
 *   "evaluation": { "imagesPerPair": 4, "exemplarsPerAction": 10 }
 * }
 * </pre>
 * Exemplar files are relative to the bench directory with forward slashes. {@code evaluation} and each of
 * its keys may be left out (defaults of {@link Evaluation}); unknown keys are errors. The writer always
 * writes every key, in the order above.
 */
public final class BenchJson {
    public static final String FILE_NAME = "bench.json";

    private static final List<String> TOP_KEYS = List.of("actions", "subjects", "evaluation");
    private static final List<String> ACTION_KEYS = List.of("id", "name", "description", "exemplars");
    private static final List<String> EXEMPLAR_KEYS = List.of("file", "prompt");
    static final List<String> SUBJECT_KEYS = List.of("id", "text", "group");
    static final List<String> EVALUATION_KEYS = List.of("imagesPerPair", "exemplarsPerAction");

    private BenchJson() {
    }

    public static Path file(Path benchDir) {
        return benchDir.resolve(FILE_NAME);
    }

    /** Writes {@code benchDir/bench.json} atomically (the directory is created if needed). */
    public static void write(Path benchDir, Bench bench) throws IOException {
        AtomicFiles.writeString(file(benchDir), toJson(bench));
    }

    /** {@code bench} as the text of a bench.json. */
    public static String toJson(Bench bench) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode actions = root.putArray("actions");
        for (Action a : bench.actions()) {
            ObjectNode n = actions.addObject();
            n.put("id", a.id());
            n.put("name", a.name());
            n.put("description", a.description());
            ArrayNode ex = n.putArray("exemplars");
            for (Exemplar e : a.exemplars()) {
                ex.addObject().put("file", e.file()).put("prompt", e.prompt());
            }
        }
        ArrayNode subjects = root.putArray("subjects");
        for (Subject s : bench.subjects()) {
            subjects.addObject().put("id", s.id()).put("text", s.text()).put("group", s.group().jsonName());
        }
        root.set("evaluation", evaluationJson(bench.evaluation()));
        return Json.pretty(root);
    }

    static ObjectNode evaluationJson(Evaluation e) {
        return JsonNodeFactory.instance.objectNode()
                .put("imagesPerPair", e.imagesPerPair())
                .put("exemplarsPerAction", e.exemplarsPerAction());
    }

    /**
     * Reads {@code benchDir/bench.json}, checking only its JSON shape (types, required and unknown keys,
     * group names). Use {@link BenchValidator#load} for a bench that is also checked against its images.
     *
     * @throws BenchException listing every shape problem
     */
    public static Bench read(Path benchDir) throws BenchException {
        List<Problem> problems = new ArrayList<>();
        Parsed parsed = parse(file(benchDir), problems);
        if (!problems.isEmpty()) {
            throw new BenchException(problems);
        }
        return parsed.bench();
    }

    /**
     * A bench read leniently: wrong fields are problems and get placeholders ("" or an empty list) so the
     * rest is still read and checked; {@code broken} names the paths that got placeholders. {@code bench}
     * is null only when the file is not JSON at all.
     */
    record Parsed(Bench bench, Set<String> broken) {
    }

    static Parsed parse(Path file, List<Problem> problems) {
        JsonFields j = new JsonFields(file, problems);
        JsonNode tree = j.readTree();
        if (tree == null) {
            return new Parsed(null, j.broken());
        }
        ObjectNode root = j.object(tree, "");
        if (root == null) {
            return new Parsed(null, j.broken());
        }
        j.onlyKnown(root, "", TOP_KEYS);
        List<Action> actions = new ArrayList<>();
        ArrayNode actionNodes = j.array(root, "", "actions");
        if (actionNodes != null) {
            for (int i = 0; i < actionNodes.size(); i++) {
                actions.add(action(j, actionNodes.get(i), JsonFields.at("actions", i)));
            }
        }
        List<Subject> subjects = new ArrayList<>();
        ArrayNode subjectNodes = j.array(root, "", "subjects");
        if (subjectNodes != null) {
            for (int i = 0; i < subjectNodes.size(); i++) {
                subjects.add(subject(j, subjectNodes.get(i), JsonFields.at("subjects", i)));
            }
        }
        Evaluation evaluation = root.has("evaluation")
                ? evaluation(j, root.get("evaluation"), "evaluation")
                : Evaluation.DEFAULT;
        return new Parsed(new Bench(actions, subjects, evaluation), j.broken());
    }

    private static Action action(JsonFields j, JsonNode node, String path) {
        ObjectNode o = j.object(node, path);
        if (o == null) {
            return new Action("", "", "", List.of());
        }
        j.onlyKnown(o, path, ACTION_KEYS);
        String id = j.string(o, path, "id");
        String name = j.string(o, path, "name");
        String description = j.string(o, path, "description");
        List<Exemplar> exemplars = new ArrayList<>();
        ArrayNode ex = j.array(o, path, "exemplars");
        if (ex != null) {
            for (int i = 0; i < ex.size(); i++) {
                exemplars.add(exemplar(j, ex.get(i), JsonFields.at(JsonFields.at(path, "exemplars"), i)));
            }
        }
        return new Action(id, name, description, exemplars);
    }

    private static Exemplar exemplar(JsonFields j, JsonNode node, String path) {
        ObjectNode o = j.object(node, path);
        if (o == null) {
            return new Exemplar("", "");
        }
        j.onlyKnown(o, path, EXEMPLAR_KEYS);
        return new Exemplar(j.string(o, path, "file"), j.string(o, path, "prompt"));
    }

    static Subject subject(JsonFields j, JsonNode node, String path) {
        ObjectNode o = j.object(node, path);
        if (o == null) {
            return new Subject("", "", SubjectGroup.HUMAN);
        }
        j.onlyKnown(o, path, SUBJECT_KEYS);
        String id = j.string(o, path, "id");
        String text = j.string(o, path, "text");
        return new Subject(id, text, group(j, o, path));
    }

    static SubjectGroup group(JsonFields j, ObjectNode o, String path) {
        String groupPath = JsonFields.at(path, "group");
        if (!o.has("group")) {
            j.problem(groupPath, "missing (expected " + SubjectGroup.names() + ")");
            return SubjectGroup.HUMAN;
        }
        String name = j.string(o.get("group"), groupPath);
        if (j.broken().contains(groupPath)) {
            return SubjectGroup.HUMAN;
        }
        return SubjectGroup.fromJsonName(name).orElseGet(() -> {
            j.problem(groupPath, "unknown group \"" + name + "\" (expected " + SubjectGroup.names() + ")");
            return SubjectGroup.HUMAN;
        });
    }

    static Evaluation evaluation(JsonFields j, JsonNode node, String path) {
        ObjectNode o = j.object(node, path);
        if (o == null) {
            return Evaluation.DEFAULT;
        }
        j.onlyKnown(o, path, EVALUATION_KEYS);
        return new Evaluation(
                j.integer(o, path, "imagesPerPair", Evaluation.DEFAULT_IMAGES_PER_PAIR),
                j.integer(o, path, "exemplarsPerAction", Evaluation.DEFAULT_EXEMPLARS_PER_ACTION));
    }
}

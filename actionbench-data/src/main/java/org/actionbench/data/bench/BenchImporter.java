package org.actionbench.data.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.actionbench.data.io.AtomicFiles;

/**
 * Turns a folder-per-action layout (how a user brings the official ActionBench release, which the project
 * cannot ship) into a bench directory:
 * <pre>
 * FOLDER/
 *   subjects.json        [ {"id": "old-man", "text": "An old man", "group": "human"}, ... ]
 *     or subjects.txt    one subject per line: id TAB group TAB text
 *   evaluation.json      optional: {"imagesPerPair": 4, "exemplarsPerAction": 10}
 *   &lt;action-id&gt;/          one folder per action; the folder name is the action id
 *     action.json        {"name": "raises one finger", "description": "raising one finger"}
 *     prompts.json       {"0001.jpg": "A man {} in a park", ...}   image name -> template
 *       or prompts.txt   one exemplar per line: image TAB template
 *     0001.jpg ...       the exemplar images, every one listed in the prompts file
 * </pre>
 * Names starting with '.' are ignored; any other file is an error, so nothing is left out silently. Blank
 * lines of the .txt files are skipped. Actions are ordered by id, exemplars as in the prompts file. The
 * bench directory gets {@code bench.json} and the images as {@code <action-id>/<image>}.
 *
 * <p>Everything is validated before anything is written; on any problem OUT is neither created nor
 * touched and every problem is reported, naming the import file and entry. The bench is built in a
 * hidden sibling of OUT and renamed into place, so a crash leaves no partial OUT.
 */
public final class BenchImporter {
    public static final String SUBJECTS_JSON = "subjects.json";
    public static final String SUBJECTS_TXT = "subjects.txt";
    public static final String EVALUATION_JSON = "evaluation.json";
    public static final String ACTION_JSON = "action.json";
    public static final String PROMPTS_JSON = "prompts.json";
    public static final String PROMPTS_TXT = "prompts.txt";

    private static final List<String> ACTION_KEYS = List.of("name", "description");

    private BenchImporter() {
    }

    /**
     * Imports {@code folder} into the new bench directory {@code out} (which must not exist or be an
     * empty directory) and returns the bench.
     *
     * @throws BenchException every problem of the folder (or of OUT); nothing was written
     * @throws IOException when writing OUT failed; nothing is left behind
     */
    public static Bench importFolder(Path folder, Path out) throws BenchException, IOException {
        Reading r = new Reading(folder);
        Bench bench = r.read();
        if (bench != null) {
            BenchValidator.check(bench, r.broken, r::where, folder, r.problems);
        }
        outIsFree(out, r.problems);
        if (!r.problems.isEmpty()) {
            throw new BenchException(r.problems);
        }
        write(bench, folder, out);
        return bench;
    }

    private static void outIsFree(Path out, List<Problem> problems) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                problems.add(new Problem(out, "", "exists and is not a directory; choose a new output directory"));
                return;
            }
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    problems.add(new Problem(out, "", "exists and is not empty; choose a new output directory"));
                }
            }
        }
    }

    private static void write(Bench bench, Path folder, Path out) throws BenchException, IOException {
        AtomicFiles.<BenchException>writeDirectory(out, tmp -> {
            for (Action a : bench.actions()) {
                for (Exemplar e : a.exemplars()) {
                    Path to = tmp.resolve(e.file());
                    Files.createDirectories(to.getParent());
                    Files.copy(folder.resolve(e.file()), to);
                }
            }
            BenchJson.write(tmp, bench);
            // A second look at what was written catches a source that changed while it was copied.
            List<Problem> written = BenchValidator.validate(tmp);
            if (!written.isEmpty()) {
                throw new BenchException(written);
            }
        });
    }


    /** Where a bench field came from in the import folder. */
    private record Source(Path file, String field) {
    }

    /** One import: the problems found, and for every bench field the import file and entry it came from. */
    private static final class Reading {
        final Path folder;
        final List<Problem> problems = new ArrayList<>();
        final Set<String> broken = new HashSet<>();
        final Map<String, Source> sources = new HashMap<>();
        /** Images named on a malformed prompts.txt line: already reported, so not "not listed" as well. */
        final Set<String> namedInBadLines = new HashSet<>();

        Reading(Path folder) {
            this.folder = folder;
        }

        /** The problem for bench field {@code benchField}, placed at the most specific import source known. */
        Problem where(String benchField, String message) {
            for (String f = benchField; !f.isEmpty(); f = parent(f)) {
                Source s = sources.get(f);
                if (s != null) {
                    return new Problem(s.file(), s.field(), message);
                }
            }
            return new Problem(folder, "", message);
        }

        private static String parent(String field) {
            int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
            return cut < 0 ? "" : field.substring(0, cut);
        }

        Bench read() throws IOException {
            if (!Files.isDirectory(folder)) {
                problems.add(new Problem(folder, "", Files.exists(folder) ? "not a directory" : "no such directory"));
                return null;
            }
            sources.put("actions", new Source(folder, ""));
            TreeSet<String> actionDirs = new TreeSet<>();
            Set<String> files = new TreeSet<>();
            for (Path p : list(folder)) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p)) {
                    actionDirs.add(name);
                } else {
                    files.add(name);
                }
            }
            for (String f : files) {
                if (!List.of(SUBJECTS_JSON, SUBJECTS_TXT, EVALUATION_JSON).contains(f)) {
                    problems.add(new Problem(folder.resolve(f), "", "unexpected file; the folder holds "
                            + SUBJECTS_JSON + " or " + SUBJECTS_TXT + ", optionally " + EVALUATION_JSON
                            + ", and one folder per action"));
                }
            }
            List<Action> actions = new ArrayList<>();
            for (String id : actionDirs) {
                actions.add(action(id, actions.size()));
            }
            List<Subject> subjects = subjects(files);
            Evaluation evaluation = evaluation(files);
            return new Bench(actions, subjects, evaluation);
        }

        private List<Path> list(Path dir) throws IOException {
            List<Path> out = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    if (!p.getFileName().toString().startsWith(".")) {
                        out.add(p);
                    }
                }
            }
            out.sort(Comparator.comparing(p -> p.getFileName().toString()));
            return out;
        }

        /** The one of {@code json}/{@code txt} present in {@code dir}, or null after a problem. */
        private Path oneOf(Path dir, Set<String> names, String json, String txt, String what) {
            boolean hasJson = names.contains(json);
            boolean hasTxt = names.contains(txt);
            if (hasJson && hasTxt) {
                problems.add(new Problem(dir, "", "has both " + json + " and " + txt + "; keep one"));
                return null;
            }
            if (!hasJson && !hasTxt) {
                problems.add(new Problem(dir, "", "missing " + json + " (or " + txt + ") with " + what));
                return null;
            }
            return dir.resolve(hasJson ? json : txt);
        }

        private Action action(String id, int index) throws IOException {
            String path = "actions[" + index + "]";
            Path dir = folder.resolve(id);
            sources.put(path, new Source(dir, ""));
            Set<String> names = new TreeSet<>();
            for (Path p : list(dir)) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p)) {
                    problems.add(new Problem(p, "", "unexpected folder inside an action folder"));
                } else {
                    names.add(name);
                }
            }
            String name = "";
            String description = "";
            Path actionJson = dir.resolve(ACTION_JSON);
            if (!names.contains(ACTION_JSON)) {
                problems.add(new Problem(dir, "", "missing " + ACTION_JSON
                        + " with the action's name and description"));
                broken.add(path + ".name");
                broken.add(path + ".description");
            } else {
                JsonFields j = new JsonFields(actionJson, problems);
                JsonNode tree = j.readTree();
                ObjectNode o = tree == null ? null : j.object(tree, "");
                if (o == null) {
                    broken.add(path + ".name");
                    broken.add(path + ".description");
                } else {
                    j.onlyKnown(o, "", ACTION_KEYS);
                    name = j.string(o, "", "name");
                    description = j.string(o, "", "description");
                    j.broken().forEach(b -> broken.add(path + "." + b));
                }
                sources.put(path + ".name", new Source(actionJson, "name"));
                sources.put(path + ".description", new Source(actionJson, "description"));
            }
            List<Exemplar> exemplars = new ArrayList<>();
            namedInBadLines.clear();
            Path prompts = oneOf(dir, names, PROMPTS_JSON, PROMPTS_TXT, "one prompt template per image");
            if (prompts == null) {
                broken.add(path + ".exemplars");
            } else {
                sources.put(path + ".exemplars", new Source(prompts, ""));
                Map<String, String> templates = prompts.getFileName().toString().equals(PROMPTS_JSON)
                        ? promptsJson(prompts, path)
                        : promptsTxt(prompts, path);
                if (templates == null) {
                    broken.add(path + ".exemplars");
                } else {
                    for (Map.Entry<String, String> t : templates.entrySet()) {
                        String ep = path + ".exemplars[" + exemplars.size() + "]";
                        String image = t.getKey();
                        if (image.isEmpty() || image.contains("/") || image.contains("\\") || image.startsWith(".")) {
                            problems.add(where(ep + ".file", "\"" + image + "\" must be the name of an image file"
                                    + " in the action folder"));
                            broken.add(ep + ".file");
                        }
                        exemplars.add(new Exemplar(id + "/" + image, t.getValue()));
                    }
                    names.remove(ACTION_JSON);
                    names.remove(prompts.getFileName().toString());
                    for (String n : names) {
                        if (!templates.containsKey(n) && !namedInBadLines.contains(n)) {
                            problems.add(new Problem(dir.resolve(n), "", "not listed in " + prompts.getFileName()
                                    + "; every file of an action folder must be an exemplar with a prompt, "
                                    + ACTION_JSON + " or the prompts file"));
                        }
                    }
                }
            }
            return new Action(id, name, description, exemplars);
        }

        /** image -> template in file order, or null when the file is not usable at all. */
        private Map<String, String> promptsJson(Path file, String actionPath) {
            JsonFields j = new JsonFields(file, problems);
            JsonNode tree = j.readTree();
            ObjectNode o = tree == null ? null : j.object(tree, "");
            if (o == null) {
                return null;
            }
            Map<String, String> templates = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                String field = "\"" + e.getKey() + "\"";
                String ep = actionPath + ".exemplars[" + templates.size() + "]";
                sources.put(ep, new Source(file, field));
                String template = j.string(e.getValue(), field);
                if (j.broken().contains(field)) {
                    broken.add(ep + ".prompt");
                }
                templates.put(e.getKey(), template);
            }
            return templates;
        }

        private Map<String, String> promptsTxt(Path file, String actionPath) {
            List<String> lines = lines(file);
            if (lines == null) {
                return null;
            }
            Map<String, String> templates = new LinkedHashMap<>();
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                if (line.isBlank()) {
                    continue;
                }
                String field = "line " + (n + 1);
                String[] parts = line.split("\t", -1);
                // A skipped line makes the exemplar count wrong too; its own problem says enough.
                if (parts.length != 2) {
                    problems.add(new Problem(file, field, "expected image<TAB>template, found " + parts.length
                            + " tab-separated field" + (parts.length == 1 ? "" : "s")));
                    broken.add(actionPath + ".exemplars");
                    namedInBadLines.add(parts[0]);
                    continue;
                }
                String ep = actionPath + ".exemplars[" + templates.size() + "]";
                if (templates.containsKey(parts[0])) {
                    problems.add(new Problem(file, field, "image \"" + parts[0] + "\" is listed twice"));
                    broken.add(actionPath + ".exemplars");
                    continue;
                }
                sources.put(ep, new Source(file, field));
                templates.put(parts[0], parts[1]);
            }
            return templates;
        }

        /** The file's lines as UTF-8, or null after a problem. */
        private List<String> lines(Path file) {
            try {
                return Files.readAllLines(file);
            } catch (MalformedInputException e) {
                problems.add(new Problem(file, "", "not UTF-8 text"));
            } catch (IOException e) {
                problems.add(new Problem(file, "", "cannot be read: " + e.getMessage()));
            }
            return null;
        }

        private List<Subject> subjects(Set<String> files) {
            Path file = oneOf(folder, files, SUBJECTS_JSON, SUBJECTS_TXT, "the evaluation subjects");
            if (file == null) {
                broken.add("subjects");
                return List.of();
            }
            sources.put("subjects", new Source(file, ""));
            List<Subject> subjects = new ArrayList<>();
            if (file.getFileName().toString().equals(SUBJECTS_JSON)) {
                JsonFields j = new JsonFields(file, problems);
                JsonNode tree = j.readTree();
                if (tree == null) {
                    broken.add("subjects");
                } else if (!(tree instanceof ArrayNode a)) {
                    j.problem("", "expected an array of {id, text, group}, found " + JsonFields.kind(tree));
                    broken.add("subjects");
                } else {
                    for (int i = 0; i < a.size(); i++) {
                        String p = "[" + i + "]";
                        subjects.add(BenchJson.subject(j, a.get(i), p));
                        for (String key : BenchJson.SUBJECT_KEYS) {
                            sources.put("subjects" + p + "." + key, new Source(file, p + "." + key));
                        }
                    }
                    j.broken().forEach(b -> broken.add("subjects" + b));
                }
            } else {
                List<String> lines = lines(file);
                if (lines == null) {
                    broken.add("subjects");
                    return List.of();
                }
                for (int n = 0; n < lines.size(); n++) {
                    String line = lines.get(n);
                    if (line.isBlank()) {
                        continue;
                    }
                    String field = "line " + (n + 1);
                    String[] parts = line.split("\t", -1);
                    if (parts.length != 3) {
                        problems.add(new Problem(file, field, "expected id<TAB>group<TAB>text, found "
                                + parts.length + " tab-separated field" + (parts.length == 1 ? "" : "s")));
                        continue;
                    }
                    var group = SubjectGroup.fromJsonName(parts[1]);
                    if (group.isEmpty()) {
                        problems.add(new Problem(file, field, "unknown group \"" + parts[1] + "\" (expected "
                                + SubjectGroup.names() + ")"));
                        continue;
                    }
                    sources.put("subjects[" + subjects.size() + "]", new Source(file, field));
                    subjects.add(new Subject(parts[0], parts[2], group.get()));
                }
            }
            return subjects;
        }

        private Evaluation evaluation(Set<String> files) {
            if (!files.contains(EVALUATION_JSON)) {
                return Evaluation.DEFAULT;
            }
            Path file = folder.resolve(EVALUATION_JSON);
            JsonFields j = new JsonFields(file, problems);
            for (String key : BenchJson.EVALUATION_KEYS) {
                sources.put("evaluation." + key, new Source(file, key));
            }
            JsonNode tree = j.readTree();
            Evaluation e = tree == null ? Evaluation.DEFAULT : BenchJson.evaluation(j, tree, "");
            j.broken().forEach(b -> broken.add("evaluation." + b));
            if (tree == null) {
                broken.add("evaluation.imagesPerPair");
                broken.add("evaluation.exemplarsPerAction");
            }
            return e;
        }
    }
}

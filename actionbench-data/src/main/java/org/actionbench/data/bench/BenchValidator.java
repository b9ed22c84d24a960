package org.actionbench.data.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks a bench directory and reports every problem in one pass, each naming its file and field:
 * malformed JSON and wrong types, unknown keys and groups, empty or duplicate ids (ids become directory
 * names in runs, so they are compared ignoring case), templates without exactly one {@code {}}, wrong
 * exemplar counts, at least one action and one subject, {@code imagesPerPair} at least 1, and for every
 * exemplar image: present, readable, decodable as an image, referenced once, inside the bench directory,
 * and of the same size as the other exemplars; an exemplar's optional action-different renders
 * ({@link Exemplar#actionDifferentFolder}) are either absent or one readable image per other action of the
 * bench, each of the exemplar's size. Validation only reads.
 *
 * <p>Subject groups may be empty: a bench of animals only is a valid (if narrower) study.
 */
public final class BenchValidator {
    /** What an id must look like to be a safe directory name on every filesystem. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    static {
        ImageIO.setUseCache(false);
    }

    /**
     * Whether {@code id} may name an action, subject or method: it becomes a directory name in run folders
     * ({@code cells/<method>/<action>/samples/<subject>/}), so letters, digits, '.', '_' and '-' only,
     * starting with a letter or digit.
     */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private BenchValidator() {
    }

    /** Every problem of the bench directory {@code dir}; empty when it is valid. Never throws on bad input. */
    public static List<Problem> validate(Path dir) {
        List<Problem> problems = new ArrayList<>();
        load(dir, problems);
        return problems;
    }

    /** Every problem of an in-memory {@code bench} whose exemplar files are relative to {@code dir}. */
    public static List<Problem> validate(Bench bench, Path dir) {
        List<Problem> problems = new ArrayList<>();
        Path benchFile = BenchJson.file(dir);
        check(bench, Set.of(), (field, message) -> new Problem(benchFile, field, message), dir, problems);
        return problems;
    }

    /**
     * The bench in {@code dir}, validated.
     *
     * @throws BenchException with every problem when it is not valid
     */
    public static Bench load(Path dir) throws BenchException {
        List<Problem> problems = new ArrayList<>();
        Bench bench = load(dir, problems);
        if (!problems.isEmpty()) {
            throw new BenchException(problems);
        }
        return bench;
    }

    private static Bench load(Path dir, List<Problem> problems) {
        Path benchFile = BenchJson.file(dir);
        BenchJson.Parsed parsed = BenchJson.parse(benchFile, problems);
        if (parsed.bench() != null) {
            check(parsed.bench(), parsed.broken(), (field, message) -> new Problem(benchFile, field, message),
                    dir, problems);
        }
        return parsed.bench();
    }

    /** Where a problem with a field of the bench is reported: bench.json, or the import file it came from. */
    @FunctionalInterface
    interface Where {
        Problem at(String benchField, String message);
    }

    /**
     * The checks that need more than the JSON shape. Fields in {@code broken} already have a problem and
     * hold placeholders, so they are skipped here rather than reported twice.
     */
    static void check(Bench bench, Set<String> broken, Where where, Path dir, List<Problem> out) {
        Evaluation ev = bench.evaluation();
        if (ev.imagesPerPair() < 1 && !broken.contains("evaluation.imagesPerPair")) {
            out.add(where.at("evaluation.imagesPerPair", "must be at least 1, is " + ev.imagesPerPair()));
        }
        if (ev.exemplarsPerAction() < 1 && !broken.contains("evaluation.exemplarsPerAction")) {
            out.add(where.at("evaluation.exemplarsPerAction", "must be at least 1, is " + ev.exemplarsPerAction()));
        }
        if (bench.actions().isEmpty() && !broken.contains("actions")) {
            out.add(where.at("actions", "no actions; a bench needs at least one"));
        }
        if (bench.subjects().isEmpty() && !broken.contains("subjects")) {
            out.add(where.at("subjects", "no subjects; a bench needs at least one"));
        }

        Map<String, String> actionIds = new HashMap<>();
        Map<String, String> files = new HashMap<>();
        Map<Path, String> images = new LinkedHashMap<>();
        List<ActionDifferentFolder> folders = new ArrayList<>();
        for (int i = 0; i < bench.actions().size(); i++) {
            Action a = bench.actions().get(i);
            String p = "actions[" + i + "]";
            id(a.id(), p + ".id", actionIds, broken, where, out);
            text(a.name(), p + ".name", broken, where, out);
            text(a.description(), p + ".description", broken, where, out);
            int expected = ev.exemplarsPerAction();
            if (a.exemplars().size() != expected && expected >= 1 && !broken.contains(p + ".exemplars")) {
                out.add(where.at(p + ".exemplars", "has " + a.exemplars().size() + " exemplars, expected "
                        + expected + " (evaluation.exemplarsPerAction)"));
            }
            for (int k = 0; k < a.exemplars().size(); k++) {
                Exemplar e = a.exemplars().get(k);
                String ep = p + ".exemplars[" + k + "]";
                if (!broken.contains(ep + ".prompt")) {
                    int slots = Exemplar.slotCount(e.prompt());
                    if (slots != 1) {
                        out.add(where.at(ep + ".prompt", "template \"" + e.prompt() + "\" has " + slots
                                + " " + Exemplar.SLOT + ", expected exactly one where the action words were"));
                    }
                }
                if (!broken.contains(ep + ".file")) {
                    Path image = file(e.file(), ep + ".file", dir, files, where, out);
                    if (image != null) {
                        images.put(image, ep + ".file");
                        List<String> others = bench.actions().stream().map(Action::id)
                                .filter(id -> !id.equals(a.id())).toList();
                        folders.add(new ActionDifferentFolder(image, dir.resolve(
                                Exemplar.actionDifferentFolder(e.file())), a.id(), others));
                    }
                }
            }
        }
        Map<String, String> subjectIds = new HashMap<>();
        for (int i = 0; i < bench.subjects().size(); i++) {
            Subject s = bench.subjects().get(i);
            String p = "subjects[" + i + "]";
            id(s.id(), p + ".id", subjectIds, broken, where, out);
            text(s.text(), p + ".text", broken, where, out);
        }
        Map<Path, Size> sizes = images(images, where, out);
        for (ActionDifferentFolder f : folders) {
            f.check(sizes.get(f.exemplar()), out);
        }
    }

    /** Where an exemplar's action-different renders would be, and which actions they must show. */
    private record ActionDifferentFolder(Path exemplar, Path folder, String actionId, List<String> otherActionIds) {
        /** Absent is fine; present means exactly one image of {@code size} (if known) per other action. */
        void check(Size size, List<Problem> out) {
            if (!Files.exists(folder)) {
                return;
            }
            if (!Files.isDirectory(folder)) {
                out.add(new Problem(folder, "", "is not a directory; an exemplar's action-different renders are"
                        + " a folder with one <other-action-id>.png per other action"));
                return;
            }
            List<String> expected = otherActionIds.stream().map(id -> id + ".png").toList();
            try (var entries = Files.list(folder)) {
                for (Path p : entries.sorted().toList()) {
                    if (!expected.contains(p.getFileName().toString())) {
                        out.add(new Problem(p, "", "unexpected in an action-different folder: the files are named"
                                + " after the bench's actions other than '" + actionId + "' ("
                                + String.join(", ", expected) + ")"));
                    }
                }
            } catch (IOException e) {
                out.add(new Problem(folder, "", "cannot be listed: " + e.getMessage()));
                return;
            }
            for (String name : expected) {
                Path render = folder.resolve(name);
                if (!Files.isRegularFile(render)) {
                    out.add(new Problem(render, "", "missing: an exemplar with action-different renders needs one"
                            + " per other action (" + String.join(", ", otherActionIds) + ")"));
                    continue;
                }
                try {
                    Size s = decode(render);
                    if (size != null && !s.equals(size)) {
                        out.add(new Problem(render, "", "image is " + s + " but its exemplar " + exemplar.getFileName()
                                + " is " + size + "; action-different renders have the exemplar's size"));
                    }
                } catch (IOException e) {
                    out.add(new Problem(render, "", e.getMessage()));
                }
            }
        }
    }

    private static void id(String id, String field, Map<String, String> seen, Set<String> broken, Where where,
            List<Problem> out) {
        if (broken.contains(field)) {
            return;
        }
        if (!ID.matcher(id).matches()) {
            out.add(where.at(field, "id \"" + id + "\" cannot name a directory: use letters, digits, '.', '_'"
                    + " and '-', starting with a letter or digit"));
            return;
        }
        String first = seen.putIfAbsent(id.toLowerCase(Locale.ROOT), field);
        if (first != null) {
            out.add(where.at(field, "duplicate id \"" + id + "\" (ids are compared ignoring case; first at "
                    + first + ")"));
        }
    }

    private static void text(String text, String field, Set<String> broken, Where where, List<Problem> out) {
        if (!broken.contains(field) && text.isBlank()) {
            out.add(where.at(field, "empty"));
        }
    }

    /** The exemplar's path when its name is acceptable and it is a regular file; null after a problem. */
    private static Path file(String name, String field, Path dir, Map<String, String> seen, Where where,
            List<Problem> out) {
        if (name.isBlank()) {
            out.add(where.at(field, "empty"));
            return null;
        }
        if (name.contains("\\") || name.startsWith("/") || Path.of(name).isAbsolute()) {
            out.add(where.at(field, "\"" + name + "\" must be relative to the bench directory, with '/' separators"));
            return null;
        }
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                out.add(where.at(field, "\"" + name + "\" must name a file inside the bench directory"
                        + " (no empty, '.' or '..' parts)"));
                return null;
            }
        }
        String first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), field);
        if (first != null) {
            out.add(where.at(field, "duplicate file \"" + name + "\" (files are compared ignoring case; first at "
                    + first + ")"));
            return null;
        }
        Path image = dir.resolve(name);
        if (!Files.exists(image)) {
            out.add(where.at(field, "no such file: " + image));
            return null;
        }
        if (!Files.isRegularFile(image)) {
            out.add(where.at(field, image + " is not a regular file"));
            return null;
        }
        return image;
    }

    /**
     * Decodes every image; reports undecodable ones and those whose size differs from the most common one.
     * Returns the size of every image that decoded.
     */
    private static Map<Path, Size> images(Map<Path, String> images, Where where, List<Problem> out) {
        Map<Path, Size> sizes = new LinkedHashMap<>();
        for (Path image : images.keySet()) {
            try {
                sizes.put(image, decode(image));
            } catch (IOException e) {
                out.add(new Problem(image, "", e.getMessage()));
            }
        }
        Map<Size, Integer> counts = new LinkedHashMap<>();
        sizes.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        if (counts.size() <= 1) {
            return sizes;
        }
        // The most common size is taken as the intended one (first seen on ties), so the few odd images are
        // the ones reported, not the many right ones.
        Size common = null;
        int best = 0;
        for (Iterator<Map.Entry<Size, Integer>> it = counts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Size, Integer> c = it.next();
            if (c.getValue() > best) {
                best = c.getValue();
                common = c.getKey();
            }
        }
        for (Map.Entry<Path, Size> s : sizes.entrySet()) {
            if (!s.getValue().equals(common)) {
                out.add(new Problem(s.getKey(), "", "image is " + s.getValue() + " but " + best
                        + " other exemplars are " + common + "; all exemplars must have one size"));
            }
        }
        return sizes;
    }

    record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** Fully decodes {@code image} (a truncated file fails here, not later in training). */
    static Size decode(Path image) throws IOException {
        if (!Files.isReadable(image)) {
            throw new IOException("cannot be read (permission denied)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in == null) {
                throw new IOException("cannot be read");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image (no PNG, JPEG, GIF or BMP reader recognises its content)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                var img = reader.read(0);
                return new Size(img.getWidth(), img.getHeight());
            } catch (IOException | RuntimeException e) {
                throw new IOException("image cannot be decoded (" + reader.getFormatName() + "): "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            } finally {
                reader.dispose();
            }
        }
    }
}

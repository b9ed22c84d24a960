package org.actionbench.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.data.run.RunFormatException;
import org.actionbench.data.run.Verdict;

/**
 * The accuracy report of one set of judgements (DESIGN.md §2, §6; the paper's Table 1): accuracy per method
 * with its breakdowns per action, per subject group and per rater, Wilson intervals, rater agreement, and the
 * best method's paired comparison against every other. Everything is computed when the report is built;
 * the renderings ({@link #markdown()}, {@link #csv()}, {@link #writeXlsx(Path)}) only format it.
 *
 * <p>Rules: an image's answer to each question is its raters' majority vote ({@link MajorityVote}; ties and
 * all-unsure are undecided and count as not correct); an image is totally correct when both votes are yes.
 * The per-judgement figures take every judgement as a trial, an {@code unsure} counting as not correct.
 * Methods, and actions within a method, appear in the order they first occur in the input; groups in the
 * order human, celebrity, animal; raters sorted.
 */
public final class Report {
    /** Bootstrap replicates of the paired comparison. */
    public static final int DEFAULT_REPLICATES = 10_000;
    /** Fixed so the same judgements always give the same intervals. */
    public static final long DEFAULT_SEED = 20240101L;

    private final List<Judgement> judgements;
    private final List<String> methods;
    private final List<AccuracyRow> byMethod;
    private final List<AccuracyRow> byAction;
    private final List<AccuracyRow> byGroup;
    private final List<AccuracyRow> byRater;
    private final List<AgreementRow> agreement;
    private final String best;
    private final List<PairedComparison> comparisons;

    /**
     * Reads a judgement CSV (DESIGN.md §6) and builds its report. A malformed file (unknown column, bad
     * value), a duplicate judgement (same rater and image twice) or an image listed under two different
     * methods, actions, subjects or groups is a {@link RunFormatException} naming the file and line.
     */
    public static Report fromCsv(Path judgementsCsv) throws IOException {
        List<Judgement> judgements = JudgementCsv.read(judgementsCsv);
        int[] lines = CsvRowLines.of(Files.readString(judgementsCsv, StandardCharsets.UTF_8));
        IntFunction<String> where = lines.length == judgements.size()
                ? i -> "line " + lines[i]
                : i -> "data row " + (i + 1); // only if the line scan disagrees with the reader; never seen
        try {
            return new Report(judgements, DEFAULT_REPLICATES, DEFAULT_SEED);
        } catch (InvalidJudgement e) {
            throw new RunFormatException(judgementsCsv, where.apply(e.index), e.getMessage());
        }
    }

    /** The report of judgements in memory (e.g. the UI's database); problems name the judgement's index. */
    public static Report of(List<Judgement> judgements) {
        return of(judgements, DEFAULT_REPLICATES, DEFAULT_SEED);
    }

    public static Report of(List<Judgement> judgements, int replicates, long seed) {
        try {
            return new Report(judgements, replicates, seed);
        } catch (InvalidJudgement e) {
            throw new IllegalArgumentException("judgement " + e.index + ": " + e.getMessage());
        }
    }

    static final class InvalidJudgement extends Exception {
        final int index;

        InvalidJudgement(int index, String reason) {
            super(reason);
            this.index = index;
        }
    }

    /** One image and its raters' answers. */
    private static final class Image {
        final Judgement first;
        final int firstIndex;
        final List<String> raters = new ArrayList<>(2);
        final int[] action = new int[3];
        final int[] subject = new int[3];

        Image(Judgement first, int firstIndex) {
            this.first = first;
            this.firstIndex = firstIndex;
        }
    }

    private Report(List<Judgement> judgements, int replicates, long seed) throws InvalidJudgement {
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
        }
        this.judgements = Collections.unmodifiableList(new ArrayList<>(judgements));
        Map<String, Image> images = new LinkedHashMap<>();
        Map<String, Accuracy.Tally> methodJ = new LinkedHashMap<>();
        Map<String, Map<String, Accuracy.Tally>> actionJ = new LinkedHashMap<>();
        Map<String, Map<SubjectGroup, Accuracy.Tally>> groupJ = new LinkedHashMap<>();
        Map<String, Map<String, Accuracy.Tally>> raterJ = new LinkedHashMap<>();
        for (int i = 0; i < judgements.size(); i++) {
            Judgement j = judgements.get(i);
            Image image = images.get(j.image());
            if (image == null) {
                image = new Image(j, i);
                images.put(j.image(), image);
            } else {
                check(image, j, i);
            }
            image.raters.add(j.rater());
            image.action[j.actionCorrect().ordinal()]++;
            image.subject[j.subjectCorrect().ordinal()]++;
            boolean a = j.actionCorrect() == Verdict.YES;
            boolean s = j.subjectCorrect() == Verdict.YES;
            boolean au = j.actionCorrect() == Verdict.UNSURE;
            boolean su = j.subjectCorrect() == Verdict.UNSURE;
            methodJ.computeIfAbsent(j.method(), k -> new Accuracy.Tally()).add(a, s, au, su);
            actionJ.computeIfAbsent(j.method(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(j.action(), k -> new Accuracy.Tally()).add(a, s, au, su);
            groupJ.computeIfAbsent(j.method(), k -> new EnumMap<>(SubjectGroup.class))
                    .computeIfAbsent(j.group(), k -> new Accuracy.Tally()).add(a, s, au, su);
            raterJ.computeIfAbsent(j.method(), k -> new TreeMap<>())
                    .computeIfAbsent(j.rater(), k -> new Accuracy.Tally()).add(a, s, au, su);
        }
        this.methods = List.copyOf(methodJ.keySet());

        Map<String, Accuracy.Tally> methodI = new LinkedHashMap<>();
        Map<String, Map<String, Accuracy.Tally>> actionI = new LinkedHashMap<>();
        Map<String, Map<SubjectGroup, Accuracy.Tally>> groupI = new LinkedHashMap<>();
        // Per method, per "action \0 subject" pair: {totally correct images, images}, for the paired comparison.
        Map<String, Map<String, long[]>> pairs = new LinkedHashMap<>();
        int[][] actionCounts = new int[images.size()][];
        int[][] subjectCounts = new int[images.size()][];
        int u = 0;
        for (Image image : images.values()) {
            Judgement j = image.first;
            MajorityVote av = MajorityVote.of(image.action);
            MajorityVote sv = MajorityVote.of(image.subject);
            boolean a = av == MajorityVote.YES;
            boolean s = sv == MajorityVote.YES;
            boolean au = av == MajorityVote.UNDECIDED;
            boolean su = sv == MajorityVote.UNDECIDED;
            methodI.computeIfAbsent(j.method(), k -> new Accuracy.Tally()).add(a, s, au, su);
            actionI.computeIfAbsent(j.method(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(j.action(), k -> new Accuracy.Tally()).add(a, s, au, su);
            groupI.computeIfAbsent(j.method(), k -> new EnumMap<>(SubjectGroup.class))
                    .computeIfAbsent(j.group(), k -> new Accuracy.Tally()).add(a, s, au, su);
            long[] pair = pairs.computeIfAbsent(j.method(), k -> new TreeMap<>())
                    .computeIfAbsent(j.action() + '\0' + j.subject(), k -> new long[2]);
            pair[0] += a && s ? 1 : 0;
            pair[1]++;
            actionCounts[u] = image.action;
            subjectCounts[u] = image.subject;
            u++;
        }

        List<AccuracyRow> m = new ArrayList<>();
        List<AccuracyRow> ac = new ArrayList<>();
        List<AccuracyRow> gr = new ArrayList<>();
        List<AccuracyRow> ra = new ArrayList<>();
        for (String method : methods) {
            m.add(new AccuracyRow(method, "", methodI.get(method).toAccuracy(), methodJ.get(method).toAccuracy()));
            for (Map.Entry<String, Accuracy.Tally> e : actionJ.get(method).entrySet()) {
                ac.add(new AccuracyRow(method, e.getKey(), actionI.get(method).get(e.getKey()).toAccuracy(),
                        e.getValue().toAccuracy()));
            }
            for (Map.Entry<SubjectGroup, Accuracy.Tally> e : groupJ.get(method).entrySet()) {
                gr.add(new AccuracyRow(method, e.getKey().jsonName(),
                        groupI.get(method).get(e.getKey()).toAccuracy(), e.getValue().toAccuracy()));
            }
            for (Map.Entry<String, Accuracy.Tally> e : raterJ.get(method).entrySet()) {
                Accuracy own = e.getValue().toAccuracy();
                ra.add(new AccuracyRow(method, e.getKey(), own, own));
            }
        }
        this.byMethod = List.copyOf(m);
        this.byAction = List.copyOf(ac);
        this.byGroup = List.copyOf(gr);
        this.byRater = List.copyOf(ra);
        this.agreement = List.of(agreement("action", actionCounts), agreement("subject", subjectCounts));

        String top = null;
        double topTotal = -1;
        for (AccuracyRow row : byMethod) {
            double t = row.byImage().total().fraction();
            if (t > topTotal) { // strict: a tie keeps the method listed first
                top = row.method();
                topTotal = t;
            }
        }
        this.best = top;
        List<PairedComparison> cs = new ArrayList<>();
        for (String other : methods) {
            if (other.equals(best)) {
                continue;
            }
            Map<String, long[]> pa = pairs.get(best);
            Map<String, long[]> pb = pairs.get(other);
            List<String> shared = new ArrayList<>(pa.keySet()); // TreeMap: sorted, so the draw is reproducible
            shared.retainAll(pb.keySet());
            int p = shared.size();
            long[] ca = new long[p], na = new long[p], cb = new long[p], nb = new long[p];
            for (int i = 0; i < p; i++) {
                long[] x = pa.get(shared.get(i));
                long[] y = pb.get(shared.get(i));
                ca[i] = x[0];
                na[i] = x[1];
                cb[i] = y[0];
                nb[i] = y[1];
            }
            cs.add(PairedComparison.bootstrap(best, other, ca, na, cb, nb, replicates, seed));
        }
        this.comparisons = List.copyOf(cs);
    }

    private static void check(Image image, Judgement j, int index) throws InvalidJudgement {
        Judgement f = image.first;
        if (image.raters.contains(j.rater())) {
            throw new InvalidJudgement(index, "duplicate judgement: rater \"" + j.rater() + "\" already judged image \""
                    + j.image() + "\"");
        }
        String[][] fields = {{"method", f.method(), j.method()}, {"action", f.action(), j.action()},
                {"subject", f.subject(), j.subject()}, {"group", f.group().jsonName(), j.group().jsonName()}};
        for (String[] field : fields) {
            if (!field[1].equals(field[2])) {
                throw new InvalidJudgement(index, field[0] + ": image \"" + j.image() + "\" is \"" + field[2]
                        + "\" here but \"" + field[1] + "\" in an earlier judgement");
            }
        }
    }

    private static AgreementRow agreement(String question, int[][] counts) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        int pairable = 0;
        for (int[] c : counts) {
            int n = c[0] + c[1] + c[2];
            min = Math.min(min, n);
            max = Math.max(max, n);
            pairable += n >= 2 ? 1 : 0;
        }
        if (counts.length == 0) {
            min = 0;
        }
        OptionalDouble kappa = Agreement.fleissKappa(counts);
        OptionalDouble alpha = Agreement.krippendorffAlphaNominal(counts);
        List<String> notes = new ArrayList<>();
        if (kappa.isEmpty()) {
            notes.add(min != max ? "Fleiss' kappa not applicable: images have " + min + " to " + max + " raters"
                    : max < 2 ? "Fleiss' kappa not applicable: one rater per image"
                    : "Fleiss' kappa undefined: every answer is the same");
        }
        if (alpha.isEmpty()) {
            notes.add(pairable == 0 ? "Krippendorff's alpha undefined: no image has two raters"
                    : "Krippendorff's alpha undefined: every answer is the same");
        }
        return new AgreementRow(question, counts.length, pairable, min, max, kappa, alpha, String.join("; ", notes));
    }

    public List<Judgement> judgements() {
        return judgements;
    }

    /** Methods in the order they first appear in the input. */
    public List<String> methods() {
        return methods;
    }

    /** The main table (Table 1): one row per method. */
    public List<AccuracyRow> byMethod() {
        return byMethod;
    }

    public List<AccuracyRow> byAction() {
        return byAction;
    }

    public List<AccuracyRow> byGroup() {
        return byGroup;
    }

    /** One row per method and rater; a rater's own judgements (so byImage equals byJudgement). */
    public List<AccuracyRow> byRater() {
        return byRater;
    }

    /** Two rows: "action" and "subject". */
    public List<AgreementRow> agreement() {
        return agreement;
    }

    /** The method with the highest total (by image) accuracy; the first listed on a tie. */
    public String best() {
        return best;
    }

    /** The best method against each other method, in method order. */
    public List<PairedComparison> comparisons() {
        return comparisons;
    }

    public AccuracyRow row(String method) {
        return byMethod.stream().filter(r -> r.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method \"" + method + "\" in the report"));
    }

    /** The main table as GitHub Markdown: Table 1's columns, then images and the total's 95% interval. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| Method | Action | Subject | Total | Images | Total 95% CI |\n");
        b.append("|---|---:|---:|---:|---:|---:|\n");
        for (AccuracyRow r : byMethod) {
            Accuracy a = r.byImage();
            b.append("| ").append(r.method().replace("|", "\\|")).append(" | ").append(a.action().percentText())
                    .append(" | ").append(a.subject().percentText()).append(" | ").append(a.total().percentText())
                    .append(" | ").append(a.total().total()).append(" | ").append(a.total().intervalText())
                    .append(" |\n");
        }
        return b.toString();
    }

    /** Column names of {@link #csv()}. */
    public static final String CSV_HEADER = "method,images,action_correct,action_percent,action_low,action_high,"
            + "subject_correct,subject_percent,subject_low,subject_high,total_correct,total_percent,total_low,"
            + "total_high,action_undecided,subject_undecided";

    /** The main table as CSV (header {@value #CSV_HEADER}), percentages with two decimals, one method a line. */
    public String csv() {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (AccuracyRow r : byMethod) {
            Accuracy a = r.byImage();
            b.append(csvField(r.method())).append(',').append(a.total().total());
            for (Proportion p : Arrays.asList(a.action(), a.subject(), a.total())) {
                b.append(',').append(p.correct()).append(',').append(p.percentText()).append(',')
                        .append(String.format(Locale.ROOT, "%.2f,%.2f", 100 * p.wilsonLow(), 100 * p.wilsonHigh()));
            }
            b.append(',').append(a.actionUnsure()).append(',').append(a.subjectUnsure()).append('\n');
        }
        return b.toString();
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Writes the Excel workbook ({@link ReportWorkbook}) atomically: on failure nothing is written. */
    public void writeXlsx(Path out) throws IOException {
        ReportWorkbook.write(this, out);
    }
}

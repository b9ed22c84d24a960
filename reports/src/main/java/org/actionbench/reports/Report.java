package org.actionbench.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.data.run.RunFormatException;

/**
 * The accuracy report of one set of judgements (ARCHITECTURE.md §2; the paper's Table 1): accuracy per method
 * with its breakdowns per action, per subject group and per rater, Wilson intervals, rater agreement, and the
 * best method's paired comparison against every other. Everything is computed when the report is built, in four
 * steps with a class each: the checked judgements ({@link JudgementTable}), each image's majority votes
 * ({@link ImageVotes}), the tallies ({@link Tallying}) and the paired comparisons ({@link PairedComparisons}).
 * The renderings ({@link #markdown()}, {@link #csv()}, {@link #writeXlsx(OutputStream)}) only format the result.
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
    /** Column names of {@link #csv()}. */
    public static final String CSV_HEADER = ReportText.CSV_HEADER;

    private final JudgementTable judgements;
    private final ReportTables tables;
    private final PairedComparisons pairs;
    private final int replicates;
    private final long seed;

    /**
     * Reads a judgement CSV (its format: {@link JudgementCsv}) row by row and builds its report. A malformed
     * file (unknown column, bad value), a duplicate judgement (same rater and image twice) or an image listed
     * under two different methods, actions, subjects or groups is a {@link RunFormatException} naming the
     * file and line.
     */
    public static Report fromCsv(Path judgementsCsv) throws IOException {
        JudgementTable.Builder table = new JudgementTable.Builder();
        JudgementCsv.forEach(judgementsCsv, (judgement, line) -> {
            try {
                table.add(judgement);
            } catch (JudgementTable.InvalidJudgement e) {
                throw new RunFormatException(judgementsCsv, "line " + line, e.getMessage());
            }
        });
        return new Report(table.build(), DEFAULT_REPLICATES, DEFAULT_SEED);
    }

    /** The report of judgements in memory (e.g. the UI's database); problems name the judgement's index. */
    public static Report of(List<Judgement> judgements) {
        return of(judgements, DEFAULT_REPLICATES, DEFAULT_SEED);
    }

    public static Report of(List<Judgement> judgements, int replicates, long seed) {
        JudgementTable.Builder table = new JudgementTable.Builder();
        try {
            for (Judgement j : judgements) {
                table.add(j);
            }
        } catch (JudgementTable.InvalidJudgement e) {
            throw new IllegalArgumentException("judgement " + e.index + ": " + e.getMessage());
        }
        return new Report(table.build(), replicates, seed);
    }

    private Report(JudgementTable table, int replicates, long seed) {
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
        }
        this.judgements = table;
        this.replicates = replicates;
        this.seed = seed;
        ImageVotes votes = new ImageVotes(table);
        Tallying tallying = new Tallying();
        for (int j = 0; j < table.size(); j++) {
            int image = table.imageOf(j);
            tallying.judgement(table.text(table.methodCode(image)), table.text(table.actionCode(image)),
                    table.group(image), table.text(table.raterCode(j)), table.actionVerdict(j),
                    table.subjectVerdict(j));
        }
        this.pairs = new PairedComparisons();
        for (int image = 0; image < table.images(); image++) {
            String method = table.text(table.methodCode(image));
            String action = table.text(table.actionCode(image));
            MajorityVote a = votes.action(image);
            MajorityVote s = votes.subject(image);
            tallying.image(method, action, table.group(image), a, s);
            pairs.image(method, action, table.text(table.subjectCode(image)),
                    a == MajorityVote.YES && s == MajorityVote.YES);
        }
        List<String> methods = tallying.methods();
        List<AccuracyRow> byMethod = tallying.byMethod();
        String best = best(byMethod);
        this.tables = new ReportTables(methods, byMethod, tallying.byAction(), tallying.byGroup(),
                tallying.byRater(), List.of(AgreementRow.of("action", votes.actionCounts()),
                        AgreementRow.of("subject", votes.subjectCounts())),
                best, best == null ? List.of() : pairs.againstEachOther(best, methods, replicates, seed));
    }

    /** The highest total (by image); a tie keeps the method listed first. */
    private static String best(List<AccuracyRow> byMethod) {
        String top = null;
        double topTotal = -1;
        for (AccuracyRow row : byMethod) {
            double t = row.byImage().total().fraction();
            if (t > topTotal) {
                top = row.method();
                topTotal = t;
            }
        }
        return top;
    }

    /** The judgements in input order (made on access from a compact copy). */
    public List<Judgement> judgements() {
        return judgements.asList();
    }

    /** Methods in the order they first appear in the input. */
    public List<String> methods() {
        return tables.methods();
    }

    /** The main table (Table 1): one row per method. */
    public List<AccuracyRow> byMethod() {
        return tables.byMethod();
    }

    public List<AccuracyRow> byAction() {
        return tables.byAction();
    }

    public List<AccuracyRow> byGroup() {
        return tables.byGroup();
    }

    /** One row per method and rater; a rater's own judgements (so byImage equals byJudgement). */
    public List<AccuracyRow> byRater() {
        return tables.byRater();
    }

    /** Two rows: "action" and "subject". */
    public List<AgreementRow> agreement() {
        return tables.agreement();
    }

    /** The method with the highest total (by image) accuracy; the first listed on a tie. */
    public String best() {
        return tables.best();
    }

    /** The best method against each other method, in method order. */
    public List<PairedComparison> comparisons() {
        return tables.comparisons();
    }

    /**
     * {@code reference} against each other method, in method order, with the same replicates and seed as
     * {@link #comparisons()}; an IllegalArgumentException naming the methods when it judged no image.
     */
    public List<PairedComparison> comparisonsAgainst(String reference) {
        requireMethod(reference);
        return pairs.againstEachOther(reference, methods(), replicates, seed);
    }

    private void requireMethod(String method) {
        if (!methods().contains(method)) {
            throw new IllegalArgumentException("no method \"" + method + "\" in the judgements (they have: "
                    + String.join(", ", methods()) + ")");
        }
    }

    public AccuracyRow row(String method) {
        return tables.byMethod().stream().filter(r -> r.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method \"" + method + "\" in the report"));
    }

    /** The main table as GitHub Markdown: Table 1's columns, then images and the total's 95% interval. */
    public String markdown() {
        return ReportText.markdown(tables.byMethod());
    }

    /**
     * The full results as Markdown ({@link ResultsMarkdown}): Table 1, per subject group, per action, and the
     * paired comparison of {@code reference} (null: the best method) against every other method. The same
     * judgements give the same text, byte for byte (the bootstrap is seeded).
     */
    public String resultsMarkdown(String reference) {
        String ref = reference == null ? best() : reference;
        List<PairedComparison> against = ref == null ? List.of() : comparisonsAgainst(ref);
        return ResultsMarkdown.render(tables, ref, against);
    }

    /** The main table as CSV (header {@value #CSV_HEADER}), percentages with two decimals, one method a line. */
    public String csv() {
        return ReportText.csv(tables.byMethod());
    }

    /** Writes the Excel workbook ({@link ReportWorkbook}) atomically: on failure nothing is written. */
    public void writeXlsx(Path out) throws IOException {
        AtomicFiles.write(out, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                writeXlsx(os);
            }
        });
    }

    /** Streams the Excel workbook to {@code out} (left open), e.g. straight into an HTTP response. */
    public void writeXlsx(OutputStream out) throws IOException {
        ReportWorkbook.write(tables, judgements, out);
    }

    ReportTables tables() {
        return tables;
    }

    JudgementTable judgementTable() {
        return judgements;
    }
}

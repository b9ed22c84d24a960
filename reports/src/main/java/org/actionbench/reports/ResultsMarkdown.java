package org.actionbench.reports;

import java.util.List;
import java.util.Locale;

/**
 * The full results of a report as GitHub Markdown, what a published run shows (issue 18): Table 1, the
 * breakdowns per subject group and per action, and one reference method's paired comparison against every
 * other. Every accuracy is by image (raters' majority vote) and shown as percent, count and 95% Wilson
 * interval, so a reader can check any figure from the judgement CSV. Pure formatting of computed tables: the
 * same tables give the same bytes.
 */
final class ResultsMarkdown {
    private ResultsMarkdown() {
    }

    static String render(ReportTables tables, String reference, List<PairedComparison> comparisons) {
        StringBuilder b = new StringBuilder();
        b.append("## Table 1\n\n");
        b.append("Per image (each image's answers are its raters' majority vote; undecided counts as not correct);"
                + " an image is totally correct when action and subject are. Each cell: percent (correct/images)"
                + " [95% Wilson interval].\n\n");
        accuracyTable(b, null, tables.byMethod());
        b.append("\n## Per subject group\n\n");
        accuracyTable(b, "Group", tables.byGroup());
        b.append("\n## Per action\n\n");
        accuracyTable(b, "Action", tables.byAction());
        b.append("\n## Paired comparison against ").append(reference == null ? "a reference" : escape(reference))
                .append("\n\n");
        if (comparisons.isEmpty()) {
            b.append("No other method to compare with.\n");
            return b.toString();
        }
        PairedComparison first = comparisons.get(0);
        b.append(String.format(Locale.ROOT, "Total accuracy of %s minus the method's, in points, over the subject–"
                + "action pairs both were judged on (images pooled per method); 95%% percentile bootstrap over the"
                + " pairs, %,d replicates, seed %d. An interval that excludes 0 separates the two.%n%n",
                escape(reference), first.replicates(), first.seed()));
        b.append("| Method | Pairs | ").append(escape(reference)).append(" − method | 95% interval |\n");
        b.append("|---|---:|---:|---:|\n");
        for (PairedComparison p : comparisons) {
            b.append("| ").append(escape(p.other())).append(" | ").append(p.pairs()).append(" | ")
                    .append(points(p.difference())).append(" | ")
                    .append(p.pairs() == 0 ? "n/a" : "[" + points(p.low()) + ", " + points(p.high()) + "]")
                    .append(" |\n");
        }
        return b.toString();
    }

    /** One row per method (and key, when {@code keyColumn} is given): images, action, subject and total. */
    private static void accuracyTable(StringBuilder b, String keyColumn, List<AccuracyRow> rows) {
        b.append("| Method | ");
        if (keyColumn != null) {
            b.append(keyColumn).append(" | ");
        }
        b.append("Images | Action | Subject | Total |\n|---|");
        if (keyColumn != null) {
            b.append("---|");
        }
        b.append("---:|---:|---:|---:|\n");
        for (AccuracyRow r : rows) {
            Accuracy a = r.byImage();
            b.append("| ").append(escape(r.method())).append(" | ");
            if (keyColumn != null) {
                b.append(escape(r.key())).append(" | ");
            }
            b.append(a.total().total()).append(" | ").append(cell(a.action())).append(" | ")
                    .append(cell(a.subject())).append(" | ").append(cell(a.total())).append(" |\n");
        }
    }

    /** "50.00 (2/4) [15.00, 85.00]". */
    static String cell(Proportion p) {
        return p.percentText() + " (" + p.correct() + "/" + p.total() + ") " + p.intervalText();
    }

    private static String points(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%+.2f", d);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}

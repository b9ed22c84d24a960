package org.actionbench.reports;

import java.util.List;
import java.util.Locale;

/** The main table (one row per method, by image) as Markdown and as CSV. */
final class ReportText {
    /** Column names of {@link #csv}. */
    static final String CSV_HEADER = "method,images,action_correct,action_percent,action_low,action_high,"
            + "subject_correct,subject_percent,subject_low,subject_high,total_correct,total_percent,total_low,"
            + "total_high,action_undecided,subject_undecided";

    private ReportText() {
    }

    /** GitHub Markdown: Table 1's columns, then images and the total's 95% interval. */
    static String markdown(List<AccuracyRow> byMethod) {
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

    /** CSV (header {@value #CSV_HEADER}), percentages with two decimals, one method a line. */
    static String csv(List<AccuracyRow> byMethod) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (AccuracyRow r : byMethod) {
            Accuracy a = r.byImage();
            b.append(csvField(r.method())).append(',').append(a.total().total());
            for (Proportion p : List.of(a.action(), a.subject(), a.total())) {
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
}

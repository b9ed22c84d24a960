package org.actionbench.reports;

import java.util.List;

/**
 * Everything a report computed from its judgements, ready to render: the main table and its breakdowns
 * ({@link AccuracyRow}), rater agreement, the best method and its paired comparisons. The renderings
 * ({@link ReportText}, {@link ReportWorkbook}) take this, not the {@link Report}, so they do not depend on
 * how it was built.
 */
record ReportTables(List<String> methods, List<AccuracyRow> byMethod, List<AccuracyRow> byAction,
        List<AccuracyRow> byGroup, List<AccuracyRow> byRater, List<AgreementRow> agreement, String best,
        List<PairedComparison> comparisons) {
}

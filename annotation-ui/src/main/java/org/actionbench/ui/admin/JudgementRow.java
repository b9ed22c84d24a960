package org.actionbench.ui.admin;

import org.actionbench.data.run.Verdict;

/** One stored judgement as the export query reads it (a JPQL constructor expression, so every column is typed). */
public record JudgementRow(String rater, String runLabel, String file, String method, String action, String subject,
        String group, Verdict actionVerdict, Verdict subjectVerdict) {
}

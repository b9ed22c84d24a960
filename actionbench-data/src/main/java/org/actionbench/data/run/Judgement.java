package org.actionbench.data.run;

import java.util.Objects;
import org.actionbench.data.bench.SubjectGroup;

/**
 * One rater's judgement of one image: one row of the judgement CSV (ARCHITECTURE.md §2) that the UI exports, the
 * oracle judge writes, and reports read. {@code image} is the run-relative file of {@link SampleRecord}.
 */
public record Judgement(String rater, String image, String method, String action, String subject,
        SubjectGroup group, Verdict actionCorrect, Verdict subjectCorrect) {
    public Judgement {
        Objects.requireNonNull(rater, "rater must not be null");
        Objects.requireNonNull(image, "image must not be null");
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(action, "action must not be null");
        Objects.requireNonNull(subject, "subject must not be null");
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(actionCorrect, "actionCorrect must not be null");
        Objects.requireNonNull(subjectCorrect, "subjectCorrect must not be null");
    }

    /** The paper's measure: the image is right only when both the action and the subject are (an unsure is not). */
    public boolean totallyCorrect() {
        return actionCorrect == Verdict.YES && subjectCorrect == Verdict.YES;
    }
}

package org.actionbench.reports;

/**
 * Action, subject and total accuracy of one set of images or judgements (one row of Table 1 or of a
 * breakdown). {@code actionUnsure} / {@code subjectUnsure} count the answers that were {@code unsure} (per
 * judgement) or the images whose vote was undecided (per image, see {@link MajorityVote}); both count as not
 * correct and stay in the denominator, so a rater's doubt never inflates an accuracy.
 */
public record Accuracy(Proportion action, Proportion subject, Proportion total, long actionUnsure, long subjectUnsure) {

    /** Counts one row's worth of verdicts. */
    static final class Tally {
        private long n;
        private long action;
        private long subject;
        private long both;
        private long actionUnsure;
        private long subjectUnsure;

        void add(boolean actionCorrect, boolean subjectCorrect, boolean actionUnsure, boolean subjectUnsure) {
            n++;
            if (actionCorrect) {
                action++;
            }
            if (subjectCorrect) {
                subject++;
            }
            if (actionCorrect && subjectCorrect) {
                both++;
            }
            if (actionUnsure) {
                this.actionUnsure++;
            }
            if (subjectUnsure) {
                this.subjectUnsure++;
            }
        }

        Accuracy toAccuracy() {
            return new Accuracy(new Proportion(action, n), new Proportion(subject, n), new Proportion(both, n),
                    actionUnsure, subjectUnsure);
        }
    }
}

package org.actionbench.reports;

import org.actionbench.data.run.Verdict;

/**
 * How several raters' answers to one question about one image become the image's answer for the main
 * table. Rule: {@code unsure} answers abstain; the image's answer is YES only when strictly more raters said
 * yes than no. A tie (one yes, one no; or every rater unsure) is UNDECIDED and counts as not correct, the
 * same conservative reading as a single rater's {@code unsure} in {@code Judgement.totallyCorrect()}: a
 * method gets credit only for what a majority of the raters who decided saw.
 *
 * <p>An image is totally correct when its action vote and its subject vote are both YES (the vote is taken
 * per question, as the paper asks the two questions separately).
 */
public enum MajorityVote {
    YES, NO, UNDECIDED;

    public static MajorityVote of(int yes, int no) {
        if (yes > no) {
            return YES;
        }
        return yes < no ? NO : UNDECIDED;
    }

    /** Votes per answer: index {@link Verdict#ordinal()}. */
    static MajorityVote of(int[] counts) {
        return of(counts[Verdict.YES.ordinal()], counts[Verdict.NO.ordinal()]);
    }
}

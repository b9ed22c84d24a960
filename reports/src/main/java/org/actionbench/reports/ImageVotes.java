package org.actionbench.reports;

import org.actionbench.data.run.Verdict;

/**
 * Each image's votes on the two questions (how many raters said yes, no, unsure) and the majority each
 * decides ({@link MajorityVote}). The same counts feed the agreement coefficients.
 */
final class ImageVotes {
    /** Per image, per {@link Verdict#ordinal()}: {@code [image][verdict]}. */
    private final int[][] action;
    private final int[][] subject;

    ImageVotes(JudgementTable table) {
        action = new int[table.images()][3];
        subject = new int[table.images()][3];
        for (int j = 0; j < table.size(); j++) {
            int image = table.imageOf(j);
            action[image][table.actionVerdict(j).ordinal()]++;
            subject[image][table.subjectVerdict(j).ordinal()]++;
        }
    }

    MajorityVote action(int image) {
        return MajorityVote.of(action[image]);
    }

    MajorityVote subject(int image) {
        return MajorityVote.of(subject[image]);
    }

    /** The action question's counts per image, as {@link Agreement} takes them. */
    int[][] actionCounts() {
        return action;
    }

    int[][] subjectCounts() {
        return subject;
    }
}

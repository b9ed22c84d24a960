package org.actionbench.ui.rating;

import java.util.List;

/**
 * Everything the rating page shows, and nothing more: no method, no file name, no sha256. {@code imageId} and
 * {@code exemplarIds} are the random public ids the images are served under. {@code previousAction} and
 * {@code previousSubject} are the answers given before an undo reopened the image (null otherwise), shown
 * pre-selected.
 */
public record RatingView(String imageId, String actionName, String actionDescription, List<String> exemplarIds,
        String subjectText, String previousAction, String previousSubject, Progress progress, String csrf,
        boolean canUndo, String notice, String username) {
    public boolean actionWas(String answer) {
        return answer.equals(previousAction);
    }

    public boolean subjectWas(String answer) {
        return answer.equals(previousSubject);
    }
}

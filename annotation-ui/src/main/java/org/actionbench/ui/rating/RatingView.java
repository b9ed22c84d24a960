package org.actionbench.ui.rating;

import java.util.List;

/**
 * Everything the rating page shows, and nothing more: no method, no file name, no sha256. {@code imageId} and
 * {@code exemplarIds} are the random public ids the images are served under.
 */
public record RatingView(String imageId, String actionName, String actionDescription, List<String> exemplarIds,
        String subjectText, Progress progress, String csrf, boolean canUndo, String notice, String username) {
}

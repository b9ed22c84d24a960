package org.actionbench.ui.rating;

import java.util.List;

/**
 * The instructions page: what the two questions mean, with one of the bench's actions and its exemplars as the
 * example (none before anything is imported). {@code beforeFirstImage} when a new rater must read it first.
 */
public record InstructionsView(String exampleName, String exampleDescription, List<String> exampleExemplarIds,
        boolean beforeFirstImage, String csrf, String username) {
}

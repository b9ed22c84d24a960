package org.actionbench.data.bench;

import java.util.List;
import java.util.Objects;

/**
 * One benchmark action. {@code id} names directories in run folders ({@code cells/<method>/<id>/});
 * {@code name} is for people ("raises one finger"); {@code description} is the text the plain-SD baseline
 * appends to a subject and that action-different prompts use (ARCHITECTURE.md §2, §4).
 */
public record Action(String id, String name, String description, List<Exemplar> exemplars) {
    public Action {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        exemplars = List.copyOf(exemplars);
    }
}

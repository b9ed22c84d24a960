package org.actionbench.data.bench;

import java.util.Objects;

/**
 * One evaluation subject: {@code text} is what goes into prompts ("An old man", "David Beckham",
 * "A panda"); {@code id} names the {@code samples/<id>/} directory of a run.
 */
public record Subject(String id, String text, SubjectGroup group) {
    public Subject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(group, "group");
    }
}

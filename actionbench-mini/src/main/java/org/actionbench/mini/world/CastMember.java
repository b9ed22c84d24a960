package org.actionbench.mini.world;

import java.util.Objects;
import org.actionbench.data.bench.Subject;

/** A character of ActionBench-Mini: the subject it stands for in prompts and benches, and how it is drawn. */
public record CastMember(Subject subject, Appearance appearance) {
    public CastMember {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(appearance, "appearance");
    }

    public String id() {
        return subject.id();
    }

    public String text() {
        return subject.text();
    }
}

package org.actionbench.data.bench;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The three subject groups ActionBench reports accuracy for (ARCHITECTURE.md §2). */
public enum SubjectGroup {
    HUMAN("human"),
    CELEBRITY("celebrity"),
    ANIMAL("animal");

    private final String jsonName;

    SubjectGroup(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling used in bench.json, samples.jsonl and the judgement CSV. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    public static Optional<SubjectGroup> fromJsonName(String name) {
        for (SubjectGroup g : values()) {
            if (g.jsonName.equals(name)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** For Jackson: an unknown name is an error that lists the known ones. */
    @JsonCreator
    static SubjectGroup parse(String name) {
        return fromJsonName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown group \"" + name + "\", expected one of " + names()));
    }

    /** "human | celebrity | animal", for messages. */
    public static String names() {
        return Arrays.stream(values()).map(SubjectGroup::jsonName).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
        return jsonName;
    }
}

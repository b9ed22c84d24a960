package org.actionbench.runner.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A run spec together with where it came from: {@code file} names the spec in every problem message and
 * {@code given} is the spec exactly as the user wrote it (a JSON tree, YAML included), which run.json keeps.
 */
public record SpecDocument(Path file, JsonNode given, RunSpec spec) {
    /** The name problems carry for a spec built by a program rather than read from a file. */
    public static final Path PROGRAM = Path.of("<run spec>");

    public SpecDocument {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(spec, "spec");
    }

    /** A spec built by a program: what was "given" is its full file form. */
    public static SpecDocument of(RunSpec spec) {
        return new SpecDocument(PROGRAM, spec.toTree(), spec);
    }
}

package org.actionbench.runner.spec;

import java.util.List;
import java.util.stream.Collectors;
import org.actionbench.data.bench.Problem;

/**
 * A run spec that cannot be run, with every problem found (in the spec itself, its bench, its model, its
 * methods' settings); the message lists them one per line. Thrown before anything is written or started.
 */
public class SpecException extends Exception {
    private final List<Problem> problems;

    public SpecException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}

package org.actionbench.data.bench;

import java.util.List;
import java.util.stream.Collectors;

/** A bench (or import folder) that cannot be used, with every problem found; the message lists them one per line. */
public class BenchException extends Exception {
    private final List<Problem> problems;

    public BenchException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a BenchException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}

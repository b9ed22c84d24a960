package org.actionbench.engine.weights;

import java.io.IOException;
import java.util.List;

/**
 * Checkpoint files that do not fit a model: unknown, missing, duplicated or mis-shaped keys. Every problem
 * is listed (each names its key and file) so one run shows the whole mismatch.
 */
public final class StateDictMismatchException extends IOException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_LISTED = 40;
    private final List<String> problems;

    public StateDictMismatchException(String what, List<String> problems) {
        super(format(what, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(String what, List<String> problems) {
        StringBuilder sb = new StringBuilder(what).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (int i = 0; i < problems.size() && i < MAX_LISTED; i++) {
            sb.append("\n  - ").append(problems.get(i));
        }
        if (problems.size() > MAX_LISTED) {
            sb.append("\n  ... and ").append(problems.size() - MAX_LISTED).append(" more");
        }
        return sb.toString();
    }
}

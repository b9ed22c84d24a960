package org.actionbench.engine.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A safetensors file whose header or layout is invalid. The message names the file and every problem
 * found (each naming its key), so one run reports all of them.
 */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Path file;
    private final List<String> problems;

    public SafetensorsFormatException(Path file, List<String> problems) {
        super(format(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public SafetensorsFormatException(Path file, String problem) {
        this(file, List.of(problem));
    }

    public Path file() {
        return file;
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(Path file, List<String> problems) {
        if (problems.size() == 1) {
            return "invalid safetensors file " + file + ": " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("invalid safetensors file " + file + ": "
                + problems.size() + " problems:");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}

package org.actionbench.runner.cli;

import java.io.PrintStream;
import org.actionbench.runner.spec.SpecException;

/** How every command that reads a spec reports it: each problem on its own line, a count, exit 1. */
final class SpecProblems {
    private SpecProblems() {
    }

    static int report(SpecException e, String command, PrintStream err) {
        e.problems().forEach(err::println);
        err.println("actionbench " + command + ": " + e.problems().size() + " problem(s); nothing started");
        return 1;
    }
}

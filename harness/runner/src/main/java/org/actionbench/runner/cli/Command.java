package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.util.List;

/** One sub-command of the {@code actionbench} launcher (ARCHITECTURE.md §6). */
interface Command {

    String name();

    /** Argument synopsis, e.g. {@code TOKENIZER TEXT}. */
    String synopsis();

    /** One line for the command list. */
    String summary();

    /** Longer help printed by {@code --help}; defaults to the summary. */
    default String help() {
        return summary();
    }

    /**
     * Runs with the arguments after the command name. Bad input is reported by throwing
     * {@link UsageException} (or an exception whose message names the file, field or key).
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}

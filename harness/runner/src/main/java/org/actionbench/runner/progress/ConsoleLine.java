package org.actionbench.runner.progress;

import java.io.PrintStream;

/**
 * The terminal's one status line that progress redraws in place, and the log lines printed above it. Without a
 * terminal (a file, a Slurm log) every status is a line of its own, since carriage returns would garble it.
 */
final class ConsoleLine {
    private final PrintStream out;
    private final boolean interactive;
    private boolean open;

    ConsoleLine(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Replaces the status line (interactive), or prints it as a line. */
    void status(String line) {
        if (interactive) {
            out.print("\r" + line + "\u001b[K");
            open = true;
            out.flush();
        } else {
            out.println(line);
        }
    }

    /** A line that stays, printed over the status line (which the next status redraws). */
    void println(String line) {
        if (open) {
            out.print("\r\u001b[K");
            open = false;
        }
        out.println(line);
        out.flush();
    }
}

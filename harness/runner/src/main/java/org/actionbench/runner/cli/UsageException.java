package org.actionbench.runner.cli;

/** Wrong arguments: the launcher prints the message and the command's synopsis, and exits 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}

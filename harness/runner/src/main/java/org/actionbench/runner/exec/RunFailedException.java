package org.actionbench.runner.exec;

import java.io.IOException;

/** A cell failed: the message names the cell, the reason, where its log is and how to retry. */
public class RunFailedException extends IOException {
    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.actionbench.ui.importer;

/** A run that cannot be imported at all; the message names the file or field and says what to do. */
public class ImportException extends Exception {
    public ImportException(String message) {
        super(message);
    }
}

package org.actionbench.ui.rating;

/** A judgement for an image the rater does not hold. */
public class NotAssignedException extends Exception {
    public NotAssignedException(String message) {
        super(message);
    }
}

package org.actionbench.baselines.adi;

/**
 * What the one-shot DreamBooth of an exemplar is told the exemplar shows, when action-different images are
 * generated. The paper (§4.2, §5.1) does not say; both are offered.
 */
public enum DreamboothInstancePrompt {
    /** The exemplar's template with the action's own description in the slot ("a man raising one arm … in a park"). */
    ACTION_WORDS,
    /**
     * The template with DreamBooth's rare identifier in the slot ("a man sks in a park"), as DreamBooth binds a
     * subject to a rare token: the action is then not tied to the words later replaced by other actions'.
     */
    IDENTIFIER
}

package org.actionbench.baselines.adi;

/** Which of ADI's two gradient masks form the final mask (the §5.4 ablations use one alone). */
public enum MaskSelection {
    /** Both, merged by {@link MaskMerge} (ADI). */
    BOTH,
    /** Only m^c̄, from the context-different pair (Eq. 5). */
    CONTEXT_ONLY,
    /** Only m^ā, from the action-different pair (Eq. 8). */
    ACTION_ONLY
}

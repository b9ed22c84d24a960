package org.actionbench.baselines.adi;

/** Which of ADI's two gradient masks form the final mask (the §5.4 ablations use one alone, or none). */
public enum MaskSelection {
    /** Both, merged by {@link MaskMerge} (ADI). */
    BOTH,
    /** Only m^c̄, from the context-different pair (Eq. 5). */
    CONTEXT_ONLY,
    /** Only m^ā, from the action-different pair (Eq. 8). */
    ACTION_ONLY,
    /**
     * "ADI without masks": every channel of the anchor's gradient updates v, the recipe otherwise ADI's,
     * so a results table can show the masks' own effect apart from the recipe (issue 16 §5).
     */
    NONE;

    /** Whether m^c̄ is computed (and so the context-different image needed). */
    public boolean usesContextMask() {
        return this == BOTH || this == CONTEXT_ONLY;
    }

    /** Whether m^ā is computed (and so the action-different image needed). */
    public boolean usesActionMask() {
        return this == BOTH || this == ACTION_ONLY;
    }
}

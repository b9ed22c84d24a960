package org.actionbench.baselines.adi;

/** How the two masks merge (Eq. 9 and the §5.5 comparison). */
public enum MaskMerge {
    /** m = m^c̄ ∩ m^ā: a channel is updated only when both keep it (ADI). */
    INTERSECTION,
    /** m = m^c̄ ∪ m^ā. */
    UNION
}

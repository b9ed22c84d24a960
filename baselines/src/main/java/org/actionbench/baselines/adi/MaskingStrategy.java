package org.actionbench.baselines.adi;

/**
 * Which channels of a token's gradient are masked at each step. ADI's own is gradient invariance over the
 * sample triple (§4.2); the others are the paper's §5.5 comparisons, each masking β of the channels.
 */
public enum MaskingStrategy {
    /** ADI: Eq. 4–9 on the anchor, context-different and action-different gradients. */
    GRADIENT_INVARIANCE,
    /** §5.5 (1): a fixed, evenly spaced β share of the channels. */
    UNIFORM,
    /** §5.5 (2): a β share of the channels drawn at random at each step. */
    RANDOM,
    /** §5.5 (3): the β share with the lowest anchor-gradient magnitude. */
    MIN,
    /** §5.5 (4): the β share with the highest anchor-gradient magnitude. */
    MAX
}

package org.actionbench.data.bench;

/**
 * Evaluation settings of a bench. {@code imagesPerPair}: seeded images sampled per subject-action pair
 * (4 in the paper). {@code exemplarsPerAction}: how many exemplars every action must have; the official
 * ActionBench and ActionBench-Mini both have 10, a user's own bench may choose another count.
 */
public record Evaluation(int imagesPerPair, int exemplarsPerAction) {
    public static final int DEFAULT_IMAGES_PER_PAIR = 4;
    public static final int DEFAULT_EXEMPLARS_PER_ACTION = 10;
    public static final Evaluation DEFAULT = new Evaluation(DEFAULT_IMAGES_PER_PAIR, DEFAULT_EXEMPLARS_PER_ACTION);
}

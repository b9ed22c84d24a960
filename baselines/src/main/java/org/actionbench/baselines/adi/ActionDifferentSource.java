package org.actionbench.baselines.adi;

/**
 * Where ADI's action-different images x^(ā,c) come from (§4.2). The paper generates them with a one-shot
 * DreamBooth per exemplar and notes that this is "not necessary if the users can compile a dataset of varied
 * actions by the same individual"; a bench that has such images, or a directory of them, is that dataset.
 */
public enum ActionDifferentSource {
    /**
     * Decided per run: {@link #DIRECTORY} when {@code actionDifferentImages} names one, else {@link #BENCH}
     * when every exemplar of the bench has its action-different images, else {@link #GENERATE}. The runner
     * records the decided value in run.json, never {@code auto}.
     */
    AUTO,
    /** The bench's own images beside each exemplar ({@code <action>/<name>.other/<other-action-id>.png}). */
    BENCH,
    /** A one-shot DreamBooth per exemplar, then its template with each other action's description (§5.1). */
    GENERATE,
    /** Pre-captured images in the directory {@code actionDifferentImages}. */
    DIRECTORY;

    /** This source with {@link #AUTO} decided. */
    public ActionDifferentSource resolve(boolean directoryGiven, boolean benchHasImages) {
        if (this != AUTO) {
            return this;
        }
        return directoryGiven ? DIRECTORY : benchHasImages ? BENCH : GENERATE;
    }
}

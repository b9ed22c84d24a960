package org.actionbench.ui.rating;

/**
 * A rater's progress: images judged and held open, out of their share of the work, the slots of every image
 * (images × k) divided among the active raters, at most one per image. The share changes only when images are
 * imported, k is changed or raters are added or deactivated, never because other raters work (the total used to
 * be "judged + still available to me", which shrank under a rater as the others took images). A rater faster
 * than the rest goes past their share while images are left, and the total then follows what they have done;
 * when nothing is left for them the total is what they judged.
 */
public record Progress(long judged, long open, long share) {
    /** The share of {@code raters} raters in {@code images} images with {@code k} slots each. */
    public static long share(long images, int k, long raters) {
        long slots = images * k;
        long perRater = (slots + Math.max(1, raters) - 1) / Math.max(1, raters);
        return Math.min(images, perRater);
    }

    /** Progress when nothing is left for the rater: complete. */
    public static Progress finished(long judged) {
        return new Progress(judged, 0, judged);
    }

    public long total() {
        return Math.max(share, judged + open);
    }

    public int percent() {
        return total() == 0 ? 100 : (int) (100 * judged / total());
    }
}

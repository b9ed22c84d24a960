package org.actionbench.ui.rating;

/**
 * A rater's progress: images judged, held open, and still available to them (images with a free slot they
 * have not had). {@code total} grows when a later import adds images.
 */
public record Progress(long judged, long open, long available) {
    public long total() {
        return judged + open + available;
    }

    public int percent() {
        return total() == 0 ? 100 : (int) (100 * judged / total());
    }
}

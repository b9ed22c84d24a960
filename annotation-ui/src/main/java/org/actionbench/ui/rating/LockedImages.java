package org.actionbench.ui.rating;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.actionbench.ui.UiConfig;
import org.jboss.logging.Logger;

/**
 * Images whose slot insert met a database lock. Saving a judgement waits for such a lock only briefly
 * ({@link Assignments#CLAIM_LOCK_WAIT}) and tries the image's next free slot; the image is then left out of new
 * claims for a while, so no rater keeps running into it (actionbench.ui.locked-image-cool-down). Ordinarily the
 * lock belongs to another save of the image and is gone within milliseconds. An image whose inserts time out again
 * and again, or whose every free slot was locked so that a judgement could not be saved, is <em>stuck</em>: a lock
 * that no live request holds, as a killed H2 can leave behind (issue 19 §1). Stuck images are shown on the
 * dashboard and logged once; the next judgement saved for the image clears it.
 */
@ApplicationScoped
public class LockedImages {
    private static final Logger LOG = Logger.getLogger(LockedImages.class);
    /** Lock timeouts, with no successful claim in between, after which an image counts as stuck. */
    static final int STUCK_AFTER = 3;

    /** An image's run of lock timeouts since its last successful claim. */
    public record Trouble(long imageId, int timeouts, Instant first, Instant last) {
        public boolean stuck() {
            return timeouts >= STUCK_AFTER;
        }
    }

    private final Map<Long, Trouble> troubles = new ConcurrentHashMap<>();
    private final Duration coolDown;

    public LockedImages(UiConfig config) {
        this.coolDown = config.lockedImageCoolDown();
    }

    void lockTimedOut(long imageId) {
        Instant now = Instant.now();
        Trouble t = troubles.merge(imageId, new Trouble(imageId, 1, now, now),
                (old, one) -> new Trouble(imageId, old.timeouts() + 1, old.first(), now));
        if (t.timeouts() == STUCK_AFTER) {
            LOG.warnf("Image %d: claiming a slot met a database lock %d times since %s with no claim succeeding;"
                    + " raters skip it. A lock no request holds is left by a crash (shown on the dashboard).",
                    imageId, t.timeouts(), t.first());
        }
    }

    /** A judgement of the image could not be saved: every free slot was locked. Stuck at once. */
    void unsaved(long imageId) {
        Instant now = Instant.now();
        Trouble t = troubles.merge(imageId, new Trouble(imageId, STUCK_AFTER, now, now),
                (old, one) -> new Trouble(imageId, Math.max(STUCK_AFTER, old.timeouts()), old.first(), now));
        LOG.warnf("Image %d: a judgement could not be saved, every free slot was locked (%d lock timeouts since %s);"
                + " raters skip it. A lock no request holds is left by a crash (shown on the dashboard).",
                imageId, t.timeouts(), t.first());
    }

    void claimed(long imageId) {
        troubles.remove(imageId);
    }

    /** Whether claims should leave the image alone for now. */
    boolean coolingDown(long imageId) {
        Trouble t = troubles.get(imageId);
        return t != null && t.last().plus(coolDown).isAfter(Instant.now());
    }

    /** Stuck images, oldest trouble first. */
    public List<Trouble> stuck() {
        return troubles.values().stream().filter(Trouble::stuck).sorted(Comparator.comparing(Trouble::first)).toList();
    }
}

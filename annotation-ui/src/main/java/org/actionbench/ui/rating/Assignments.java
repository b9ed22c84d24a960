package org.actionbench.ui.rating;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.actionbench.data.run.Verdict;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Rater;
import org.jboss.logging.Logger;

/**
 * Who judges what. Each image has k slots (unique per image in the database); a rater takes a free slot of
 * the first image in their own order ({@link RaterOrder}) that they have not had. Two raters racing for an
 * image's last slot both try to insert it; the database keeps one and the other retries with the next image.
 * A rater's open assignments are shown lowest {@code seq} first, so a rater resumes exactly where they were and
 * undo reopens the last judged image in front of the one that was showing.
 */
@ApplicationScoped
public class Assignments {
    private static final Logger LOG = Logger.getLogger(Assignments.class);
    private static final int CLAIM_ATTEMPTS = 50;
    /** Images with a free slot that rater :r has not had; :k is raters per image. */
    private static final String AVAILABLE = "not exists (select a.id from Assignment a where a.image = i"
            + " and a.rater.id = :r) and (select count(b) from Assignment b where b.image = i) < :k";

    public enum Outcome {
        SAVED, ALREADY_JUDGED
    }

    private final Settings settings;

    public Assignments(Settings settings) {
        this.settings = settings;
    }

    /** The image the rater should judge now: their first open one, else a newly claimed one, else none left. */
    public Optional<Long> current(long raterId) {
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> claim(raterId));
            } catch (RuntimeException e) {
                // Another rater took the slot (unique constraint) or held its row lock: choose again.
                LOG.debugf("claim attempt %d for rater %d lost a race: %s", attempt, raterId, e);
            }
        }
        throw new IllegalStateException("could not assign an image after " + CLAIM_ATTEMPTS
                + " attempts; the database is too busy, try again");
    }

    private static Optional<Long> firstOpen(long raterId) {
        return Assignment.<Assignment>find("rater.id = ?1 and judgedAt is null order by seq, id", raterId)
                .firstResultOptional().map(a -> a.id);
    }

    private Optional<Long> claim(long raterId) {
        Optional<Long> open = firstOpen(raterId);
        if (open.isPresent()) {
            return open; // resume: the image they were shown last, or the one an undo reopened
        }
        int k = settings.ratersPerImage();
        EntityManager em = Assignment.getEntityManager();
        List<Long> candidates = em.createQuery("select i.id from Image i where " + AVAILABLE, Long.class)
                .setParameter("r", raterId).setParameter("k", (long) k).getResultList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Rater rater = Rater.findById(raterId);
        long imageId = candidates.stream().min(Comparator.comparingLong(id -> RaterOrder.rank(rater.orderSeed, id)))
                .orElseThrow();
        Set<Integer> used = new HashSet<>(em.createQuery(
                        "select a.slot from Assignment a where a.image.id = :i", Integer.class)
                .setParameter("i", imageId).getResultList());
        int slot = 0;
        while (used.contains(slot)) {
            slot++;
        }
        if (slot >= k) {
            throw new IllegalStateException("image " + imageId + " filled up meanwhile");
        }
        Long maxSeq = em.createQuery("select max(a.seq) from Assignment a where a.rater.id = :r", Long.class)
                .setParameter("r", raterId).getSingleResult();
        Assignment a = new Assignment();
        a.image = Image.findById(imageId);
        a.rater = rater;
        a.slot = slot;
        a.seq = maxSeq == null ? 1 : maxSeq + 1;
        a.assignedAt = Instant.now();
        a.persist();
        em.flush(); // a lost race fails here, inside this attempt's transaction
        return Optional.of(a.id);
    }

    /**
     * Records a judgement. A second submit of an image already judged changes nothing (the first answer stays).
     *
     * @throws NotAssignedException when the image is not one of this rater's
     */
    public Outcome judge(long raterId, String imagePublicId, Verdict action, Verdict subject, long ms)
            throws NotAssignedException {
        Optional<Assignment> held = QuarkusTransaction.requiringNew().call(() -> Assignment.<Assignment>find(
                "rater.id = ?1 and image.publicId = ?2", raterId, imagePublicId).firstResultOptional());
        if (held.isEmpty()) {
            throw new NotAssignedException("Image " + imagePublicId + " is not assigned to you, so it cannot be judged"
                    + " by you. Your judgements so far are unchanged.");
        }
        int updated = QuarkusTransaction.requiringNew().call(() -> Assignment.update(
                "actionVerdict = ?1, subjectVerdict = ?2, judgedAt = ?3, ms = ?4 where id = ?5 and judgedAt is null",
                action.csvName(), subject.csvName(), Instant.now(), Math.max(0, ms), held.get().id));
        return updated == 1 ? Outcome.SAVED : Outcome.ALREADY_JUDGED;
    }

    /** Reopens the rater's most recent judgement; false when they have none. */
    public boolean undo(long raterId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<Assignment> last = Assignment.<Assignment>find(
                    "rater.id = ?1 and judgedAt is not null order by judgedAt desc, id desc", raterId)
                    .firstResultOptional();
            if (last.isEmpty()) {
                return false;
            }
            return Assignment.update("actionVerdict = null, subjectVerdict = null, judgedAt = null, ms = null"
                    + " where id = ?1 and judgedAt = ?2", last.get().id, last.get().judgedAt) == 1;
        });
    }

    public Progress progress(long raterId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int k = settings.ratersPerImage();
            long judged = Assignment.count("rater.id = ?1 and judgedAt is not null", raterId);
            long open = Assignment.count("rater.id = ?1 and judgedAt is null", raterId);
            long available = Assignment.getEntityManager().createQuery("select count(i) from Image i where "
                            + AVAILABLE, Long.class)
                    .setParameter("r", raterId).setParameter("k", (long) k).getSingleResult();
            return new Progress(judged, open, available);
        });
    }

    /** Gives back a deactivated rater's open slots so other raters can take them; their judgements stay. */
    public void releaseOpen(long raterId) {
        QuarkusTransaction.requiringNew().run(() -> Assignment.delete("rater.id = ?1 and judgedAt is null", raterId));
    }
}

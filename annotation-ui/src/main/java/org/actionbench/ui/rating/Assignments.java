package org.actionbench.ui.rating;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.actionbench.data.run.Verdict;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.ImageFlag;
import org.actionbench.ui.model.Rater;

/**
 * Who judges what. Each image has k slots (unique per image in the database); a rater is shown the first image
 * in their own order ({@link RaterOrder}) that they have not had and that has fewer than k slots held. Showing it
 * is a claim in memory ({@link ImagePool}): a rating page writes nothing and runs no query over the images (issue
 * 19 §5). The claim becomes a slot row when the judgement is saved, in one transaction that takes the image's
 * lowest free slot: the unique (image, slot) and (image, rater) constraints still decide every race, so no image
 * ever holds more than k judgements. A slot insert that meets a row lock (another save of the image, or a lock a
 * crash left behind) waits at most {@link #CLAIM_LOCK_WAIT} and tries the next slot ({@link LockedImages}).
 * Undo reopens the rater's last judgement as an open row, shown before their claims (lowest {@code seq} first),
 * with its answers kept (the page shows them pre-selected; only {@code judgedAt} marks a judgement, so the export
 * and the dashboard ignore them).
 */
@ApplicationScoped
public class Assignments {
    private static final int SAVE_ATTEMPTS = 50;
    /** How long a slot insert waits for a row lock before it tries another slot (see {@link LockedImages}). */
    static final Duration CLAIM_LOCK_WAIT = Duration.ofMillis(300);
    private static final String UNIQUE_VIOLATION = "23505";

    public enum Outcome {
        SAVED, ALREADY_JUDGED,
        /** The image had its k judgements meanwhile (possible only after the tables were read again). */
        NOT_NEEDED,
        /** Every free slot of the image was locked: nothing saved, the image is reported to the admin. */
        LOCKED
    }

    private final Settings settings;
    private final LockedImages locks;
    private final ImagePool pool;

    public Assignments(Settings settings, LockedImages locks, ImagePool pool) {
        this.settings = settings;
        this.locks = locks;
        this.pool = pool;
    }

    /**
     * An open assignment: the image, and the answers given before an undo reopened it (null when new).
     */
    public record Open(long imageId, Verdict action, Verdict subject) {
    }

    /** The rating page's state: the image to judge now (empty when none is left) and the rater's progress. */
    public record Now(Optional<Open> open, Progress progress, boolean canUndo) {
    }

    /**
     * The image the rater should judge now: an open one (reopened by undo), else their oldest claim, else a new
     * claim, else none left. Runs a query only when the rater has open rows or nothing seems left.
     */
    public Now now(long raterId) {
        ImagePool.RaterState rater = pool.rater(raterId);
        int k = settings.ratersPerImage();
        boolean noneOpen = rater.open.get() == 0;
        List<Open> open = noneOpen ? List.of() : openOf(raterId);
        boolean canUndo = rater.judged.get() > 0;
        if (!open.isEmpty()) {
            // the image an undo reopened
            return new Now(Optional.of(open.get(0)), progress(rater, open.size() + rater.claims.size(), k), canUndo);
        }
        rater.open.set(0);
        Long claimed = rater.claims.peekFirst();
        if (claimed == null) {
            Optional<ImagePool.PoolImage> pick = pool.reserve(rater, k, locks::coolingDown);
            if (pick.isEmpty()) {
                List<Open> missed = noneOpen ? openOf(raterId) : List.of(); // before "done", ask the database
                if (!missed.isEmpty()) {
                    rater.open.set(missed.size());
                    return new Now(Optional.of(missed.get(0)), progress(rater, missed.size(), k), canUndo);
                }
                return new Now(Optional.empty(), Progress.finished(rater.judged.get()), canUndo);
            }
            claimed = pick.get().id();
            rater.had.add(claimed);
            rater.claims.addLast(claimed);
        }
        return new Now(Optional.of(new Open(claimed, null, null)), progress(rater, rater.claims.size(), k), canUndo);
    }

    /** The rater's open assignments, the one to show first first. */
    private static List<Open> openOf(long raterId) {
        return QuarkusTransaction.requiringNew().call(() -> Assignment.getEntityManager().createQuery(
                        "select a.image.id, a.actionVerdict, a.subjectVerdict from Assignment a"
                                + " where a.rater.id = :r and a.judgedAt is null order by a.seq, a.id", Object[].class)
                .setParameter("r", raterId).getResultList().stream()
                .map(row -> new Open((Long) row[0], (Verdict) row[1], (Verdict) row[2])).toList());
    }

    private Progress progress(ImagePool.RaterState rater, int open, int k) {
        return new Progress(rater.judged.get(), open, Progress.share(pool.imageCount(), k, pool.activeRaters()));
    }

    /** A slot insert that met a unique constraint or a lock; the transaction is rolled back. */
    private static final class SlotLost extends RuntimeException {
        final boolean lockTimeout;

        SlotLost(boolean lockTimeout) {
            super(null, null, false, false);
            this.lockTimeout = lockTimeout;
        }
    }

    /** The judgement of one of the rater's claims, as a new row in the image's lowest free slot. */
    private Outcome saveClaim(ImagePool.RaterState rater, long raterId, long imageId, Verdict action,
            Verdict subject, long ms) {
        int k = settings.ratersPerImage();
        Set<Integer> locked = new HashSet<>(); // slots whose insert met a lock in this request: try others
        for (int attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
            long seq = rater.nextSeq.getAndIncrement();
            try {
                boolean saved = QuarkusTransaction.requiringNew().call(() -> {
                    EntityManager em = Assignment.getEntityManager();
                    Set<Integer> used = new HashSet<>(em.createQuery(
                                    "select a.slot from Assignment a where a.image.id = :i", Integer.class)
                            .setParameter("i", imageId).getResultList());
                    int slot = 0;
                    while (used.contains(slot) || locked.contains(slot)) {
                        slot++;
                    }
                    if (slot >= k) {
                        return false;
                    }
                    try {
                        insertSlot(em, imageId, raterId, slot, seq, action, subject, ms);
                    } catch (SlotLost e) {
                        if (e.lockTimeout) {
                            locked.add(slot);
                        }
                        throw e;
                    }
                    return true;
                });
                if (saved) {
                    locks.claimed(imageId);
                    return Outcome.SAVED;
                }
                return locked.isEmpty() ? Outcome.NOT_NEEDED : Outcome.LOCKED;
            } catch (SlotLost e) {
                if (e.lockTimeout) {
                    locks.lockTimedOut(imageId);
                } else if (judgedBy(raterId, imageId)) {
                    return Outcome.ALREADY_JUDGED; // the (image, rater) constraint: saved by another tab
                }
                // a slot taken meanwhile, or locked: look again
            }
        }
        throw new IllegalStateException("could not save the judgement after " + SAVE_ATTEMPTS
                + " attempts; the database is too busy, submit again");
    }

    private static boolean judgedBy(long raterId, long imageId) {
        return QuarkusTransaction.requiringNew().call(() -> Assignment.count("rater.id = ?1 and image.id = ?2",
                raterId, imageId)) > 0;
    }

    /**
     * Inserts the judged slot row with plain JDBC: losing the race for a slot is ordinary, so it must neither wait
     * long nor be logged as an SQL error (Hibernate logs every failed statement at WARN). The wait for a row lock
     * is bounded by {@link #CLAIM_LOCK_WAIT} so that a lock left behind by a crash costs a rater a fraction of a
     * second, not a stuck page.
     */
    private static long insertSlot(EntityManager em, long imageId, long raterId, int slot, long seq, Verdict action,
            Verdict subject, long ms) {
        return em.unwrap(org.hibernate.Session.class).doReturningWork(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute(isPostgres(conn) ? "set local lock_timeout = '" + CLAIM_LOCK_WAIT.toMillis() + "ms'"
                        : "set lock_timeout " + CLAIM_LOCK_WAIT.toMillis());
            }
            try (PreparedStatement ps = conn.prepareStatement("insert into assignment (image_id, rater_id, slot, seq,"
                    + " assigned_at, action_verdict, subject_verdict, judged_at, ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                ps.setLong(1, imageId);
                ps.setLong(2, raterId);
                ps.setInt(3, slot);
                ps.setLong(4, seq);
                ps.setObject(5, now);
                ps.setString(6, action.name());
                ps.setString(7, subject.name());
                ps.setObject(8, now);
                ps.setLong(9, Math.max(0, ms));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            } catch (SQLException e) {
                if (isLockTimeout(e)) {
                    throw new SlotLost(true);
                }
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new SlotLost(false);
                }
                throw e;
            }
        });
    }

    private static boolean isPostgres(Connection conn) throws SQLException {
        return conn.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    /** PostgreSQL's lock_not_available, H2's LOCK_TIMEOUT_1 (50200) and its "concurrent update" (90131). */
    private static boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState()) || e.getErrorCode() == 50200 || e.getErrorCode() == 90131;
    }

    /**
     * Records a judgement of one of the rater's claims, or of an image an undo reopened. A second submit of an
     * image already judged changes nothing (the first answer stays).
     *
     * @throws NotAssignedException when the image is not one of this rater's
     */
    public Outcome judge(long raterId, String imagePublicId, Verdict action, Verdict subject, long ms)
            throws NotAssignedException {
        Optional<ImagePool.PoolImage> image = pool.byPublicId(imagePublicId);
        if (image.isPresent()) {
            long imageId = image.get().id();
            ImagePool.RaterState rater = pool.rater(raterId);
            // One save per rater at a time, so that a second tab's submit of the same image finds the first's row.
            synchronized (rater) {
                if (rater.claims.remove(imageId)) {
                    Outcome outcome;
                    try {
                        outcome = saveClaim(rater, raterId, imageId, action, subject, ms);
                    } catch (RuntimeException e) {
                        rater.claims.addFirst(imageId); // nothing saved: the image stays theirs
                        throw e;
                    }
                    switch (outcome) {
                        case SAVED -> rater.judged.incrementAndGet();
                        case NOT_NEEDED -> pool.recount(imageId);
                        case LOCKED -> {
                            pool.unreserve(imageId);
                            locks.unsaved(imageId);
                        }
                        case ALREADY_JUDGED -> {
                        }
                    }
                    return outcome;
                }
                int updated = QuarkusTransaction.requiringNew().call(() -> Assignment.update(
                        "actionVerdict = ?1, subjectVerdict = ?2, judgedAt = ?3, ms = ?4"
                                + " where rater.id = ?5 and image.id = ?6 and judgedAt is null",
                        action, subject, Instant.now(), Math.max(0, ms), raterId, imageId));
                if (updated == 1) {
                    rater.judged.incrementAndGet();
                    rater.open.decrementAndGet();
                    return Outcome.SAVED;
                }
                if (judgedBy(raterId, imageId)) {
                    return Outcome.ALREADY_JUDGED;
                }
            }
        }
        throw new NotAssignedException("Image " + imagePublicId + " is not assigned to you, so it cannot be judged"
                + " by you (an image left open when the server restarted is no longer assigned). Your judgements so"
                + " far are unchanged.");
    }

    /** Reopens the rater's most recent judgement, its answers kept for the page to pre-select; false when none. */
    public boolean undo(long raterId) {
        boolean undone = QuarkusTransaction.requiringNew().call(() -> {
            Optional<Assignment> last = Assignment.<Assignment>find(
                    "rater.id = ?1 and judgedAt is not null order by judgedAt desc, id desc", raterId)
                    .firstResultOptional();
            if (last.isEmpty()) {
                return false;
            }
            return Assignment.update("judgedAt = null, ms = null where id = ?1 and judgedAt = ?2",
                    last.get().id, last.get().judgedAt) == 1;
        });
        if (undone) {
            ImagePool.RaterState rater = pool.rater(raterId);
            rater.judged.decrementAndGet();
            rater.open.incrementAndGet();
        }
        return undone;
    }

    /**
     * Flags the rater's open image as broken: records the flag (once per rater and image) and gives their slot
     * back, so the image goes to someone else and the rater gets the next one. Not a judgement.
     *
     * @throws NotAssignedException when the image is not open for this rater
     */
    public void flagBroken(long raterId, String imagePublicId) throws NotAssignedException {
        Optional<ImagePool.PoolImage> image = pool.byPublicId(imagePublicId);
        if (image.isPresent()) {
            long imageId = image.get().id();
            ImagePool.RaterState rater = pool.rater(raterId);
            synchronized (rater) {
                if (rater.claims.remove(imageId)) {
                    QuarkusTransaction.requiringNew().run(() -> recordFlag(raterId, imageId));
                    pool.unreserve(imageId);
                    return;
                }
                boolean reopened = QuarkusTransaction.requiringNew().call(() -> {
                    if (Assignment.delete("rater.id = ?1 and image.id = ?2 and judgedAt is null", raterId,
                            imageId) == 0) {
                        return false;
                    }
                    recordFlag(raterId, imageId);
                    return true;
                });
                if (reopened) {
                    rater.open.decrementAndGet();
                    pool.recount(imageId);
                    return;
                }
            }
        }
        throw new NotAssignedException("Image " + imagePublicId + " is not open for you, so it cannot be flagged"
                + " by you. Nothing was changed.");
    }

    /** The flag, once per rater and image (in the caller's transaction). */
    private static void recordFlag(long raterId, long imageId) {
        if (ImageFlag.count("rater.id = ?1 and image.id = ?2", raterId, imageId) == 0) {
            ImageFlag f = new ImageFlag();
            f.image = Image.getEntityManager().getReference(Image.class, imageId);
            f.rater = Rater.getEntityManager().getReference(Rater.class, raterId);
            f.flaggedAt = Instant.now();
            f.persist();
        }
    }

    /** How many judgements the rater has made. */
    public long judged(long raterId) {
        return pool.rater(raterId).judged.get();
    }

    /** Whether the rater was given the image (judged or open): the image route serves only those. */
    public boolean hasHad(long raterId, long imageId) {
        return pool.rater(raterId).had.contains(imageId);
    }

    /** Gives back a deactivated rater's claims and open slots so other raters can take them; judgements stay. */
    public void releaseOpen(long raterId) {
        QuarkusTransaction.requiringNew().run(() -> Assignment.delete("rater.id = ?1 and judgedAt is null", raterId));
        pool.dropClaims(raterId);
    }
}

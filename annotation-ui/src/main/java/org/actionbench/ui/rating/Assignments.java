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
 * Who judges what. Each image has k slots (unique per image in the database); a rater takes a free slot of
 * the first image in their own order ({@link RaterOrder}) that they have not had. Which image that is comes from
 * {@link ImagePool} in memory, so a rating page runs no query over the images (issue 19 §5). Two raters racing for
 * an image's last slot both try to insert it; the database keeps one and the other moves on to the next image. A
 * claim that meets a lock moves on to another image after {@link #CLAIM_LOCK_WAIT} ({@link LockedImages}).
 * A rater's open assignments are shown lowest {@code seq} first, so a rater resumes exactly where they were and
 * undo reopens the last judged image in front of the one that was showing, with its answers kept (the page shows
 * them pre-selected; only {@code judgedAt} marks a judgement, so the export and the dashboard ignore them).
 */
@ApplicationScoped
public class Assignments {
    private static final int CLAIM_ATTEMPTS = 50;
    /** How long a claim waits for a row lock before it tries another image (see {@link LockedImages}). */
    static final Duration CLAIM_LOCK_WAIT = Duration.ofMillis(300);
    private static final String UNIQUE_VIOLATION = "23505";

    public enum Outcome {
        SAVED, ALREADY_JUDGED
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

    /** The image the rater should judge now: their first open one, else a newly claimed one, else none left. */
    public Now now(long raterId) {
        ImagePool.RaterState rater = pool.rater(raterId);
        int k = settings.ratersPerImage();
        boolean noneOpen = rater.open.get() == 0;
        List<Open> open = noneOpen ? List.of() : openOf(raterId);
        if (!open.isEmpty()) {
            // resume: the image they were shown last, or the one an undo reopened
            return new Now(Optional.of(open.get(0)), progress(rater, open.size(), k), rater.judged.get() > 0);
        }
        rater.open.set(0);
        Set<Long> lost = new HashSet<>(); // images lost to a race or a lock during this request: try others
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            Optional<ImagePool.PoolImage> pick = pool.reserve(rater, k,
                    id -> lost.contains(id) || locks.coolingDown(id));
            if (pick.isEmpty()) {
                List<Open> missed = noneOpen ? openOf(raterId) : List.of(); // before "done", ask the database
                if (!missed.isEmpty()) {
                    rater.open.set(missed.size());
                    return new Now(Optional.of(missed.get(0)), progress(rater, missed.size(), k),
                            rater.judged.get() > 0);
                }
                return new Now(Optional.empty(), Progress.finished(rater.judged.get()), rater.judged.get() > 0);
            }
            long imageId = pick.get().id();
            try {
                long seq = rater.nextSeq.getAndIncrement();
                QuarkusTransaction.requiringNew().run(() -> claim(imageId, raterId, k, seq));
                rater.had.add(imageId);
                rater.open.incrementAndGet();
                locks.claimed(imageId);
                return new Now(Optional.of(new Open(imageId, null, null)), progress(rater, 1, k),
                        rater.judged.get() > 0);
            } catch (ClaimLost e) {
                lost.add(imageId);
                if (e.lockTimeout) {
                    pool.unreserve(imageId);
                    locks.lockTimedOut(imageId);
                } else {
                    pool.recount(imageId);
                }
            }
        }
        throw new IllegalStateException("could not assign an image after " + CLAIM_ATTEMPTS
                + " attempts; the database is too busy, try again");
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

    /** A claim that found its slot taken (unique constraint) or locked; the transaction is rolled back. */
    private static final class ClaimLost extends RuntimeException {
        final long imageId;
        final boolean lockTimeout;

        ClaimLost(long imageId, boolean lockTimeout) {
            super(null, null, false, false);
            this.imageId = imageId;
            this.lockTimeout = lockTimeout;
        }
    }

    /** Takes the lowest free slot of the image for the rater, or throws {@link ClaimLost}. */
    private void claim(long imageId, long raterId, int k, long seq) {
        EntityManager em = Assignment.getEntityManager();
        Set<Integer> used = new HashSet<>(em.createQuery(
                        "select a.slot from Assignment a where a.image.id = :i", Integer.class)
                .setParameter("i", imageId).getResultList());
        int slot = 0;
        while (used.contains(slot)) {
            slot++;
        }
        if (slot >= k) {
            throw new ClaimLost(imageId, false); // filled up meanwhile
        }
        insertSlot(em, imageId, raterId, slot, seq);
    }

    /**
     * Inserts the slot row with plain JDBC: losing the race for a slot is ordinary, so it must neither wait long
     * nor be logged as an SQL error (Hibernate logs every failed statement at WARN). The wait for a row lock is
     * bounded by {@link #CLAIM_LOCK_WAIT} so that a lock left behind by a crash costs a rater a fraction of a
     * second, not a stuck page.
     */
    private static long insertSlot(EntityManager em, long imageId, long raterId, int slot, long seq) {
        return em.unwrap(org.hibernate.Session.class).doReturningWork(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute(isPostgres(conn) ? "set local lock_timeout = '" + CLAIM_LOCK_WAIT.toMillis() + "ms'"
                        : "set lock_timeout " + CLAIM_LOCK_WAIT.toMillis());
            }
            try (PreparedStatement ps = conn.prepareStatement("insert into assignment (image_id, rater_id, slot, seq,"
                    + " assigned_at) values (?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setLong(1, imageId);
                ps.setLong(2, raterId);
                ps.setInt(3, slot);
                ps.setLong(4, seq);
                ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            } catch (SQLException e) {
                if (isLockTimeout(e)) {
                    throw new ClaimLost(imageId, true);
                }
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new ClaimLost(imageId, false);
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
     * Records a judgement. A second submit of an image already judged changes nothing (the first answer stays).
     *
     * @throws NotAssignedException when the image is not one of this rater's
     */
    public Outcome judge(long raterId, String imagePublicId, Verdict action, Verdict subject, long ms)
            throws NotAssignedException {
        Optional<ImagePool.PoolImage> image = pool.byPublicId(imagePublicId);
        if (image.isPresent()) {
            long imageId = image.get().id();
            int updated = QuarkusTransaction.requiringNew().call(() -> Assignment.update(
                    "actionVerdict = ?1, subjectVerdict = ?2, judgedAt = ?3, ms = ?4"
                            + " where rater.id = ?5 and image.id = ?6 and judgedAt is null",
                    action, subject, Instant.now(), Math.max(0, ms), raterId, imageId));
            if (updated == 1) {
                ImagePool.RaterState rater = pool.rater(raterId);
                rater.judged.incrementAndGet();
                rater.open.decrementAndGet();
                return Outcome.SAVED;
            }
            if (QuarkusTransaction.requiringNew().call(() -> Assignment.count("rater.id = ?1 and image.id = ?2",
                    raterId, imageId)) > 0) {
                return Outcome.ALREADY_JUDGED;
            }
        }
        throw new NotAssignedException("Image " + imagePublicId + " is not assigned to you, so it cannot be judged"
                + " by you. Your judgements so far are unchanged.");
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
        boolean flagged = image.isPresent() && QuarkusTransaction.requiringNew().call(() -> {
            long imageId = image.get().id();
            if (Assignment.delete("rater.id = ?1 and image.id = ?2 and judgedAt is null", raterId, imageId) == 0) {
                return false;
            }
            if (ImageFlag.count("rater.id = ?1 and image.id = ?2", raterId, imageId) == 0) {
                ImageFlag f = new ImageFlag();
                f.image = Image.getEntityManager().getReference(Image.class, imageId);
                f.rater = Rater.getEntityManager().getReference(Rater.class, raterId);
                f.flaggedAt = Instant.now();
                f.persist();
            }
            return true;
        });
        if (!flagged) {
            throw new NotAssignedException("Image " + imagePublicId + " is not open for you, so it cannot be flagged"
                    + " by you. Nothing was changed.");
        }
        pool.rater(raterId).open.decrementAndGet();
        pool.recount(image.get().id());
    }

    /** How many judgements the rater has made. */
    public long judged(long raterId) {
        return pool.rater(raterId).judged.get();
    }

    /** Whether the rater was given the image (judged or open): the image route serves only those. */
    public boolean hasHad(long raterId, long imageId) {
        return pool.rater(raterId).had.contains(imageId);
    }

    /** Gives back a deactivated rater's open slots so other raters can take them; their judgements stay. */
    public void releaseOpen(long raterId) {
        QuarkusTransaction.requiringNew().run(() -> Assignment.delete("rater.id = ?1 and judgedAt is null", raterId));
        pool.forget();
    }
}

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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.actionbench.data.run.Verdict;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Rater;

/**
 * Who judges what. Each image has k slots (unique per image in the database); a rater takes a free slot of
 * the first image in their own order ({@link RaterOrder}) that they have not had. Two raters racing for an
 * image's last slot both try to insert it; the database keeps one and the other retries with the next image. A
 * claim that meets a lock moves on to another image after {@link #CLAIM_LOCK_WAIT} ({@link LockedImages}).
 * A rater's open assignments are shown lowest {@code seq} first, so a rater resumes exactly where they were and
 * undo reopens the last judged image in front of the one that was showing.
 */
@ApplicationScoped
public class Assignments {
    private static final int CLAIM_ATTEMPTS = 50;
    /** How long a claim waits for a row lock before it tries another image (see {@link LockedImages}). */
    static final Duration CLAIM_LOCK_WAIT = Duration.ofMillis(300);
    private static final String UNIQUE_VIOLATION = "23505";
    /** Images with a free slot that rater :r has not had; :k is raters per image. */
    private static final String AVAILABLE = "not exists (select a.id from Assignment a where a.image = i"
            + " and a.rater.id = :r) and (select count(b) from Assignment b where b.image = i) < :k";

    public enum Outcome {
        SAVED, ALREADY_JUDGED
    }

    private final Settings settings;
    private final LockedImages locks;
    /** Raters' order seeds, which never change: one query less per page. */
    private final Map<Long, Long> seeds = new ConcurrentHashMap<>();

    public Assignments(Settings settings, LockedImages locks) {
        this.settings = settings;
        this.locks = locks;
    }

    /** The rating page's state: the assignment to judge now (empty when none is left) and the rater's progress. */
    public record Now(Optional<Long> assignment, Progress progress) {
    }

    /**
     * The image the rater should judge now (their first open one, else a newly claimed one, else none left) and
     * their progress, from one pass over the images (the expensive part of a rating page).
     */
    public Now now(long raterId) {
        Set<Long> lost = new HashSet<>(); // images lost to a race or a lock during this request: try others
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> claim(raterId, lost));
            } catch (ClaimLost e) {
                lost.add(e.imageId);
                if (e.lockTimeout) {
                    locks.lockTimedOut(e.imageId);
                }
            }
        }
        throw new IllegalStateException("could not assign an image after " + CLAIM_ATTEMPTS
                + " attempts; the database is too busy, try again");
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

    private static Optional<Long> firstOpen(long raterId) {
        return Assignment.<Assignment>find("rater.id = ?1 and judgedAt is null order by seq, id", raterId)
                .firstResultOptional().map(a -> a.id);
    }

    private Now claim(long raterId, Set<Long> lost) {
        long judged = Assignment.count("rater.id = ?1 and judgedAt is not null", raterId);
        long openCount = Assignment.count("rater.id = ?1 and judgedAt is null", raterId);
        int k = settings.ratersPerImage();
        EntityManager em = Assignment.getEntityManager();
        List<Long> candidates = em.createQuery("select i.id from Image i where " + AVAILABLE, Long.class)
                .setParameter("r", raterId).setParameter("k", (long) k).getResultList();
        Progress progress = new Progress(judged, openCount, candidates.size());
        if (openCount > 0) {
            // resume: the image they were shown last, or the one an undo reopened
            return new Now(firstOpen(raterId), progress);
        }
        long seed = seeds.computeIfAbsent(raterId, id -> Rater.<Rater>findById(id).orderSeed);
        Optional<Long> pick = candidates.stream().filter(id -> !lost.contains(id) && !locks.coolingDown(id))
                .min(Comparator.comparingLong(id -> RaterOrder.rank(seed, id)));
        if (pick.isEmpty()) {
            return new Now(Optional.empty(), progress);
        }
        long imageId = pick.get();
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
        Long maxSeq = em.createQuery("select max(a.seq) from Assignment a where a.rater.id = :r", Long.class)
                .setParameter("r", raterId).getSingleResult();
        long id = insertSlot(em, imageId, raterId, slot, maxSeq == null ? 1 : maxSeq + 1);
        locks.claimed(imageId);
        return new Now(Optional.of(id), new Progress(judged, 1, candidates.size() - 1));
    }

    /**
     * Inserts the slot row with plain JDBC: losing the race for a slot is ordinary, so it must neither wait long
     * nor be logged as an SQL error (Hibernate logs every failed statement at WARN). The wait for a row lock is
     * bounded by {@link #CLAIM_LOCK_WAIT} so that a lock left behind by a crash costs a rater a fraction of a
     * second, not a stuck page.
     */
    private long insertSlot(EntityManager em, long imageId, long raterId, int slot, long seq) {
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
        Optional<Assignment> held = QuarkusTransaction.requiringNew().call(() -> Assignment.<Assignment>find(
                "rater.id = ?1 and image.publicId = ?2", raterId, imagePublicId).firstResultOptional());
        if (held.isEmpty()) {
            throw new NotAssignedException("Image " + imagePublicId + " is not assigned to you, so it cannot be judged"
                    + " by you. Your judgements so far are unchanged.");
        }
        int updated = QuarkusTransaction.requiringNew().call(() -> Assignment.update(
                "actionVerdict = ?1, subjectVerdict = ?2, judgedAt = ?3, ms = ?4 where id = ?5 and judgedAt is null",
                action, subject, Instant.now(), Math.max(0, ms), held.get().id));
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

    /** Forgets the cached seeds (after the database was replaced under the server: tests). */
    public void forget() {
        seeds.clear();
    }

    /** Gives back a deactivated rater's open slots so other raters can take them; their judgements stay. */
    public void releaseOpen(long raterId) {
        QuarkusTransaction.requiringNew().run(() -> Assignment.delete("rater.id = ?1 and judgedAt is null", raterId));
    }
}

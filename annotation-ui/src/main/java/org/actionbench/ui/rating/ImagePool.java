package org.actionbench.ui.rating;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.actionbench.ui.importer.ImagesImported;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.model.Role;

/**
 * What a rating page needs to know about the images, kept in memory so that a page costs a few indexed
 * statements instead of a pass over every image (issue 19 §5): each image's public id, bench keys and source;
 * how many of its slots are held; and per rater, their own order of the images, the images they have had, their
 * judgement count and next {@code seq}. Images only change by import, slots only through {@link Assignments}, so
 * both keep this up to date as they write; anything else that changes the tables calls {@link #forget()} and the
 * next request reads them again.
 *
 * <p>An image shown to a rater and not yet judged is a <em>claim</em>, held here only: it counts towards the
 * image's k like a stored slot, and becomes a row when the judgement is saved, so a rating page writes nothing
 * (issue 19 §5: the claim's insert and commit were most of a page's cost). Claims outlive {@link #forget()};
 * a server restart drops them, which only gives their raters another image.
 *
 * <p>The database stays the authority: the slot counts are a filter that keeps claims off full images, and the
 * unique (image, slot) constraint still decides every race. A count found wrong (a unique violation) is read
 * again from the database. One server per database is assumed, as everywhere in the UI (the H2 file is opened by
 * one process); a second server would only cost extra lost races, never a wrong judgement.
 */
@ApplicationScoped
public class ImagePool {
    /** An image as the rating page and the image route need it; never shown to a rater except {@code publicId}. */
    public record PoolImage(long id, String publicId, long actionId, long subjectId, Path source, String sha256) {
    }

    /** One rater's share of the state. Counters are atomic: a rater may have two tabs open. */
    static final class RaterState {
        final long[] order;
        /** Images they were given (judged or open) or flagged: never offered to them again. */
        final Set<Long> had;
        final AtomicLong judged;
        /**
         * Open assignments as far as this server knows: 0 spares the rating page its query for them (a rater
         * who just submitted has none). A page that finds none resets it, so it cannot stay wrong.
         */
        final AtomicLong open;
        final AtomicLong nextSeq;
        /** Images shown to them and not yet judged, oldest first ({@link ImagePool}'s claims). */
        final Deque<Long> claims;

        RaterState(long[] order, Set<Long> had, long judged, long open, long nextSeq, Deque<Long> claims) {
            this.order = order;
            this.had = had;
            this.judged = new AtomicLong(judged);
            this.open = new AtomicLong(open);
            this.nextSeq = new AtomicLong(nextSeq);
            this.claims = claims;
        }
    }

    private static final class State {
        final Map<Long, PoolImage> byId = new HashMap<>();
        final Map<String, PoolImage> byPublicId = new HashMap<>();
        long[] ids;
        final Map<Long, AtomicInteger> held = new HashMap<>();
        final Map<Long, RaterState> raters = new ConcurrentHashMap<>();
        /** Active accounts of the rater role; -1 until read. */
        volatile long activeRaters = -1;
    }

    private volatile State state;
    /** Each rater's claims; kept apart from {@link State} so that re-reading the tables keeps them. */
    private final Map<Long, Deque<Long>> claims = new ConcurrentHashMap<>();

    private Deque<Long> claimsOf(long raterId) {
        return claims.computeIfAbsent(raterId, id -> new ConcurrentLinkedDeque<>());
    }

    private State state() {
        State s = state;
        if (s == null) {
            synchronized (this) {
                s = state;
                if (s == null) {
                    s = QuarkusTransaction.requiringNew().call(this::load);
                    state = s;
                }
            }
        }
        return s;
    }

    private State load() {
        State s = new State();
        EntityManager em = Image.getEntityManager();
        for (Object[] row : em.createQuery("select i.id, i.publicId, i.action.id, i.subject.id, r.path, i.file,"
                + " i.sha256 from Image i join i.run r", Object[].class).getResultList()) {
            PoolImage img = new PoolImage((Long) row[0], (String) row[1], (Long) row[2], (Long) row[3],
                    Path.of((String) row[4]).resolve((String) row[5]), (String) row[6]);
            s.byId.put(img.id(), img);
            s.byPublicId.put(img.publicId(), img);
            s.held.put(img.id(), new AtomicInteger());
        }
        s.ids = s.byId.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (Object[] row : em.createQuery("select a.image.id, count(a) from Assignment a group by a.image.id",
                Object[].class).getResultList()) {
            AtomicInteger n = s.held.get((Long) row[0]);
            if (n != null) {
                n.set(((Long) row[1]).intValue());
            }
        }
        for (Deque<Long> held : claims.values()) {
            held.removeIf(id -> !s.held.containsKey(id)); // the image is gone
            held.forEach(id -> s.held.get(id).incrementAndGet());
        }
        return s;
    }

    /** Reads the tables again on next use (after a deactivation or an import); claims are kept. */
    public void forget() {
        state = null;
    }

    /** Forgets the claims too: the database was replaced under the server (tests). */
    public void forgetAll() {
        claims.clear();
        state = null;
    }

    /** A rater's claims are dropped (deactivated): their images go back to the others. */
    void dropClaims(long raterId) {
        claims.remove(raterId);
        state = null;
    }

    /** How many images the rater was shown and has not judged yet, as far as this server knows. */
    public int claimCount(long raterId) {
        Deque<Long> held = claims.get(raterId);
        return held == null ? 0 : held.size();
    }

    void imported(@Observes ImagesImported event) {
        forget();
    }

    /** The number of active raters changed (an account added, activated or deactivated). */
    public void ratersChanged() {
        State s = state;
        if (s != null) {
            s.activeRaters = -1;
        }
    }

    public Optional<PoolImage> image(long id) {
        return Optional.ofNullable(state().byId.get(id));
    }

    public Optional<PoolImage> byPublicId(String publicId) {
        return Optional.ofNullable(state().byPublicId.get(publicId));
    }

    public int imageCount() {
        return state().ids.length;
    }

    long activeRaters() {
        State s = state();
        long n = s.activeRaters;
        if (n < 0) {
            n = QuarkusTransaction.requiringNew().call(() -> Rater.count("role = ?1 and active = true", Role.RATER));
            s.activeRaters = n;
        }
        return n;
    }

    RaterState rater(long raterId) {
        State s = state();
        RaterState r = s.raters.get(raterId);
        if (r == null) {
            Deque<Long> held = claimsOf(raterId);
            r = QuarkusTransaction.requiringNew().call(() -> loadRater(s, raterId, held));
            RaterState raced = s.raters.putIfAbsent(raterId, r);
            r = raced == null ? r : raced;
        }
        return r;
    }

    private static RaterState loadRater(State s, long raterId, Deque<Long> claims) {
        EntityManager em = Image.getEntityManager();
        long seed = Rater.<Rater>findById(raterId).orderSeed;
        long[] order = Arrays.stream(s.ids).boxed().sorted(Comparator.comparingLong(id -> RaterOrder.rank(seed, id)))
                .mapToLong(Long::longValue).toArray();
        Set<Long> had = ConcurrentHashMap.newKeySet();
        had.addAll(em.createQuery("select a.image.id from Assignment a where a.rater.id = :r", Long.class)
                .setParameter("r", raterId).getResultList());
        had.addAll(em.createQuery("select f.image.id from ImageFlag f where f.rater.id = :r", Long.class)
                .setParameter("r", raterId).getResultList()); // flagged as broken: not shown to them again
        had.addAll(claims);
        Object[] counts = em.createQuery("select count(a.judgedAt), count(a), max(a.seq) from Assignment a"
                + " where a.rater.id = :r", Object[].class).setParameter("r", raterId).getSingleResult();
        long judged = counts[0] == null ? 0 : (Long) counts[0];
        long all = counts[1] == null ? 0 : (Long) counts[1];
        long nextSeq = counts[2] == null ? 1 : (Long) counts[2] + 1;
        return new RaterState(order, had, judged, all - judged, nextSeq, claims);
    }

    /**
     * Reserves a slot of the first image in the rater's order that they have not had, that has a free slot
     * (fewer than k held) and that {@code skip} does not exclude; empty when there is none. The reservation
     * counts as held until {@link #unreserve} or {@link #recount}.
     */
    Optional<PoolImage> reserve(RaterState rater, int k, LongPredicate skip) {
        State s = state();
        for (long id : rater.order) {
            if (rater.had.contains(id) || skip.test(id)) {
                continue;
            }
            AtomicInteger held = s.held.get(id);
            if (held == null) {
                continue; // the pool was read again since this rater's order was made
            }
            int n = held.get();
            while (n < k) {
                if (held.compareAndSet(n, n + 1)) {
                    return Optional.of(s.byId.get(id));
                }
                n = held.get();
            }
        }
        return Optional.empty();
    }

    /** Whether the rater has a slot of an image they have not had yet, ignoring {@code skip}: for the progress. */
    boolean anyLeft(RaterState rater, int k) {
        State s = state();
        for (long id : rater.order) {
            AtomicInteger held = s.held.get(id);
            if (!rater.had.contains(id) && held != null && held.get() < k) {
                return true;
            }
        }
        return false;
    }

    /** A reservation or claim that did not become a slot (given back, or its save found no free slot). */
    void unreserve(long imageId) {
        AtomicInteger held = state().held.get(imageId);
        if (held != null) {
            held.decrementAndGet();
        }
    }

    /** Sets an image's held count from the database and the claims, after a save found it wrong. */
    void recount(long imageId) {
        long n = QuarkusTransaction.requiringNew().call(() -> Image.getEntityManager()
                .createQuery("select count(a) from Assignment a where a.image.id = :i", Long.class)
                .setParameter("i", imageId).getSingleResult());
        for (Deque<Long> held : claims.values()) {
            n += held.contains(imageId) ? 1 : 0;
        }
        AtomicInteger held = state().held.get(imageId);
        if (held != null) {
            held.set((int) n);
        }
    }
}

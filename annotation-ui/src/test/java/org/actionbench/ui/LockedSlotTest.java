package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import io.restassured.response.Response;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.rating.RaterOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A slot row locked by a transaction that never ends (what a killed H2 left behind, issue 19 §1): a judgement of
 * the image is saved in another free slot after a short wait instead of hanging; when every free slot is locked
 * the rater is told and given the next image at once; the admin sees the image listed as stuck; new raters are
 * kept off it until the lock is gone.
 */
@QuarkusTest
class LockedSlotTest extends DatabaseReset {
    @Inject
    DataSource dataSource;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // before the fix: 50 attempts x the lock timeout, then HTTP 500
    void aSaveThatMeetsALockTakesAnotherSlotOrMovesOnAndTheAdminIsTold() throws Exception {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        assertEquals(200, admin.post("/admin/settings", Map.of("ratersPerImage", "2")).statusCode());
        List<Client> raters = List.of(Client.newRater(admin, "rater1"), Client.newRater(admin, "rater2"),
                Client.newRater(admin, "rater3"));
        // The three share one image order, so the locked image is the first choice of each of them.
        long seed = 42;
        long locked = QuarkusTransaction.requiringNew().call(() -> {
            Rater.update("orderSeed = ?1 where username in ('rater1', 'rater2', 'rater3')", seed);
            return Image.<Image>listAll().stream().map(i -> i.id)
                    .min(Comparator.comparingLong(id -> RaterOrder.rank(seed, id))).orElseThrow();
        });
        imagePool.forget(); // the server keeps each rater's order in memory; seeds never change but here
        String lockedPublicId = QuarkusTransaction.requiringNew().call(() -> Image.<Image>findById(locked).publicId);
        long adminId = QuarkusTransaction.requiringNew().call(() -> Rater.byUsername(Client.ADMIN).orElseThrow().id);
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement("insert into assignment (image_id, rater_id, slot,"
                    + " seq, assigned_at) values (?, ?, 0, 1, ?)")) {
                ps.setLong(1, locked);
                ps.setLong(2, adminId);
                ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                ps.executeUpdate(); // never committed while the raters work: its slot stays locked
            }
            try {
                // Showing the image writes nothing, so the lock costs no one their page.
                assertEquals(lockedPublicId, raters.get(0).currentImage());
                assertEquals(lockedPublicId, raters.get(1).currentImage());
                assertNotEquals(lockedPublicId, raters.get(2).currentImage(), "k = 2 raters hold it already");

                // rater1's judgement meets the lock on slot 0 and is saved in slot 1.
                long t0 = System.nanoTime();
                Response first = raters.get(0).post("/rate", Map.of("image", lockedPublicId, "action", "yes",
                        "subject", "no"));
                long firstMs = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(303, first.statusCode(), first::asString);
                assertTrue(first.header("Location").endsWith("/rate"), first.header("Location"));
                assertEquals(List.of(1), QuarkusTransaction.requiringNew().call(() -> Assignment
                        .<Assignment>list("image.id = ?1 and judgedAt is not null", locked).stream()
                        .map(a -> a.slot).toList()));
                // rater2's finds slot 0 locked and slot 1 taken: not saved, told so, and given the next image.
                t0 = System.nanoTime();
                Response second = raters.get(1).post("/rate", Map.of("image", lockedPublicId, "action", "no",
                        "subject", "no"));
                long secondMs = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(303, second.statusCode(), second::asString);
                assertTrue(second.header("Location").endsWith("/rate?notice=locked"), second.header("Location"));
                assertTrue(raters.get(1).get("/rate?notice=locked").asString().contains("could not be saved"));
                String next = raters.get(1).currentImage();
                assertNotNull(next);
                assertNotEquals(lockedPublicId, next);
                System.out.printf("LockedSlotTest: saves past the locked slot answered in %d and %d ms%n", firstMs,
                        secondMs);
                assertTrue(firstMs < 5_000 && secondMs < 5_000, firstMs + " / " + secondMs + " ms");

                String dashboard = admin.get("/admin").asString();
                assertTrue(dashboard.contains("id=\"stuck\""), "the dashboard does not list the stuck image");
                String file = QuarkusTransaction.requiringNew().call(() -> Image.<Image>findById(locked).file);
                assertTrue(dashboard.contains(file), "the stuck image's file is not named on the dashboard");
            } finally {
                holder.rollback();
            }
        }
        // The lock is gone: the image's free slot is claimed and saved again, and the dashboard stops listing it.
        Client late = Client.newRater(admin, "rater4");
        QuarkusTransaction.requiringNew().run(() -> Rater.update("orderSeed = ?1 where username = 'rater4'", seed));
        imagePool.forget();
        assertEquals(lockedPublicId, late.judgeCurrent("yes", "yes"));
        assertFalse(admin.get("/admin").asString().contains("id=\"stuck\""));
        assertEquals(2L, QuarkusTransaction.requiringNew().call(() -> Assignment.count("image.id = ?1", locked)));
    }
}

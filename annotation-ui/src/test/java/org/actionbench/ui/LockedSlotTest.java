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
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.rating.RaterOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A slot row locked by a transaction that never ends (what a killed H2 left behind, issue 19 §1): raters whose
 * first image it is get another image instead of waiting, and the admin sees the image listed as stuck.
 */
@QuarkusTest
class LockedSlotTest extends DatabaseReset {
    @Inject
    DataSource dataSource;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // before the fix: 50 attempts x the lock timeout, then HTTP 500
    void aClaimThatMeetsALockMovesOnAndTheAdminIsTold() throws Exception {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
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
                for (Client rater : raters) {
                    long t0 = System.nanoTime();
                    String image = rater.currentImage();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertNotNull(image, rater.username + " was told nothing is left");
                    assertNotEquals(lockedPublicId, image, rater.username + " got the locked image");
                    System.out.printf("LockedSlotTest: %s served in %d ms past the locked image%n", rater.username, ms);
                }
                String dashboard = admin.get("/admin").asString();
                assertTrue(dashboard.contains("id=\"stuck\""), "the dashboard does not list the stuck image");
                String file = QuarkusTransaction.requiringNew().call(() -> Image.<Image>findById(locked).file);
                assertTrue(dashboard.contains(file), "the stuck image's file is not named on the dashboard");
            } finally {
                holder.rollback();
            }
        }
        // The lock is gone: the image is claimed again, and the dashboard stops listing it.
        Client late = Client.newRater(admin, "rater4");
        QuarkusTransaction.requiringNew().run(() -> Rater.update("orderSeed = ?1 where username = 'rater4'", seed));
        imagePool.forget();
        assertEquals(lockedPublicId, late.currentImage());
        assertFalse(admin.get("/admin").asString().contains("id=\"stuck\""));
    }
}

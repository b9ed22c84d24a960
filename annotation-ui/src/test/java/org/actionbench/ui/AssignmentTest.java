package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Rater;
import org.junit.jupiter.api.Test;

@io.quarkus.test.junit.QuarkusTest
class AssignmentTest extends DatabaseReset {
    /** (image id, rater id) of every assignment. */
    private static List<long[]> assignments() {
        return QuarkusTransaction.requiringNew().call(() -> Assignment.<Assignment>listAll().stream()
                .map(a -> new long[] {a.image.id, a.rater.id, a.judgedAt == null ? 0 : 1}).toList());
    }

    @Test
    void eachImageGetsKRatersAndNoCollisionsUnderConcurrentRequests() throws Exception {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        assertEquals(200, admin.post("/admin/settings", Map.of("ratersPerImage", "2")).statusCode());
        int raters = 6;
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < raters; i++) {
            clients.add(Client.newRater(admin, "rater" + i));
        }
        // Every rater judges as fast as it can, all at once, until nothing is left for anyone.
        ExecutorService pool = Executors.newFixedThreadPool(raters * 2);
        List<Future<Integer>> done = new ArrayList<>();
        for (Client c : clients) {
            for (int t = 0; t < 2; t++) { // two tabs per rater: the same rater's requests race too
                done.add(pool.submit(() -> {
                    int n = 0;
                    while (true) {
                        String image = c.currentImage();
                        if (image == null) {
                            return n;
                        }
                        int status = c.post("/rate", Map.of("image", image, "action", "yes", "subject", "no"))
                                .statusCode();
                        assertEquals(303, status);
                        n++;
                    }
                }));
            }
        }
        for (Future<Integer> f : done) {
            f.get();
        }
        pool.shutdown();
        List<long[]> all = assignments();
        Map<Long, Set<Long>> ratersByImage = new HashMap<>();
        for (long[] a : all) {
            assertEquals(1, a[2], "every assignment ends judged");
            assertTrue(ratersByImage.computeIfAbsent(a[0], k -> new HashSet<>()).add(a[1]),
                    "a rater judged an image twice");
        }
        assertEquals(24, ratersByImage.size());
        ratersByImage.forEach((image, who) -> assertEquals(2, who.size(), "image " + image + " raters " + who));
        assertEquals(48, all.size());
    }

    @Test
    void showingAnImageWritesNothingAndItsJudgementTakesTheSlot() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client rater = Client.newRater(admin, "rater1");
        String shown = rater.currentImage();
        assertEquals(shown, rater.currentImage(), "a reload shows the same image");
        assertEquals(List.of(), assignments(), "the rating page wrote a row");
        // The dashboard counts the image shown as open.
        String dashboard = admin.get("/admin").asString();
        assertTrue(java.util.regex.Pattern.compile("id=\"rater-rater1\">[^\n]*\n<td class=\"num judged\">0</td>"
                + "<td class=\"num\">1</td>").matcher(dashboard).find(), dashboard);
        imagePool.forget(); // the tables read again (a deactivation, an import): the claim is kept
        assertEquals(shown, rater.currentImage());
        rater.judgeCurrent("yes", "no");
        List<long[]> rows = assignments();
        assertEquals(1, rows.size());
        assertEquals(1, rows.get(0)[2], "saved judged");

        // A server restart drops the claims: a judgement of the image shown before it is refused, nothing
        // written, and the rater is given an image again.
        String before = rater.currentImage();
        imagePool.forgetAll();
        var r = rater.post("/rate", Map.of("image", before, "action", "yes", "subject", "yes"));
        assertEquals(409, r.statusCode());
        assertTrue(r.asString().contains("left open when the server restarted"), r.asString());
        assertEquals(1, assignments().size());
        assertNotNull(rater.currentImage());
    }

    @Test
    void aClaimJudgedAfterKWasLoweredIsNotSavedPastK() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        admin.post("/admin/settings", Map.of("ratersPerImage", "2"));
        Client a = Client.newRater(admin, "rater1");
        Client b = Client.newRater(admin, "rater2");
        long seed = 7; // one order for both, so both are shown the same first image
        QuarkusTransaction.requiringNew().run(() -> Rater.update("orderSeed = ?1", seed));
        imagePool.forget();
        String image = a.currentImage();
        assertEquals(image, b.currentImage());
        admin.post("/admin/settings", Map.of("ratersPerImage", "1"));
        assertEquals(303, b.post("/rate", Map.of("image", image, "action", "yes", "subject", "yes")).statusCode());
        var late = a.post("/rate", Map.of("image", image, "action", "no", "subject", "no"));
        assertEquals(303, late.statusCode());
        assertTrue(late.header("Location").endsWith("/rate?notice=notneeded"), late.header("Location"));
        assertTrue(a.get("/rate?notice=notneeded").asString().contains("judged by enough raters"));
        assertEquals(1, assignments().size(), "k = 1: one judgement of the image");
        assertNotEquals(image, a.currentImage());
    }

    @Test
    void anImageGetsNoMoreRatersThanThereAre() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        admin.post("/admin/settings", Map.of("ratersPerImage", "5"));
        Client a = Client.newRater(admin, "rater1");
        Client b = Client.newRater(admin, "rater2");
        for (Client c : List.of(a, b)) {
            while (c.judgeCurrent("yes", "yes") != null) {
                // judge everything
            }
        }
        assertEquals(48, assignments().size());
        String page = admin.get("/admin").asString();
        // Per method: 8 images, 16 judgements, all 8 fully judged (as many raters as there are: 2 of k = 5).
        assertTrue(java.util.regex.Pattern.compile("<tr><td><a [^>]*>adi</a></td><td class=\"num\">8</td>"
                + "<td class=\"num\">16</td><td class=\"num\">8</td></tr>").matcher(page).find(), page);
    }

    @Test
    void eachRaterFollowsTheirOwnSeededOrderWithMethodsInterleaved() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client a = Client.newRater(admin, "rater1");
        List<String> seen = new ArrayList<>();
        for (String img = a.judgeCurrent("yes", "yes"); img != null; img = a.judgeCurrent("yes", "yes")) {
            seen.add(img);
        }
        assertEquals(24, seen.size());
        // Independent computation of the order: SplitMix64's finaliser over (seed + id * golden gamma).
        long seed = QuarkusTransaction.requiringNew().call(() -> Rater.byUsername("rater1").orElseThrow().orderSeed);
        List<Image> images = QuarkusTransaction.requiringNew().call(() -> Image.<Image>listAll());
        List<String> expected = images.stream().sorted(Comparator.comparingLong(i -> mix(seed + i.id * 0x9E3779B97F4A7C15L)))
                .map(i -> i.publicId).toList();
        assertEquals(expected, seen);
        Map<String, String> methodOf = new HashMap<>();
        images.forEach(i -> methodOf.put(i.publicId, i.method));
        int switches = 0;
        for (int i = 1; i < seen.size(); i++) {
            if (!methodOf.get(seen.get(i)).equals(methodOf.get(seen.get(i - 1)))) {
                switches++;
            }
        }
        assertTrue(switches >= 6, "methods are interleaved, not in blocks: " + switches + " switches");

        // A second rater (k = 1 leaves them nothing here) gets a different order once k = 2.
        admin.post("/admin/settings", Map.of("ratersPerImage", "2"));
        Client b = Client.newRater(admin, "rater2");
        List<String> seenB = new ArrayList<>();
        for (String img = b.judgeCurrent("yes", "yes"); img != null; img = b.judgeCurrent("yes", "yes")) {
            seenB.add(img);
        }
        assertEquals(24, seenB.size());
        assertTrue(!seenB.equals(seen), "two raters share an order");
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

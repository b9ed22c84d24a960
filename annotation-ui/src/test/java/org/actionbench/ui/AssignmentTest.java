package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

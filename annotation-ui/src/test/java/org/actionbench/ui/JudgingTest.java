package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.actionbench.ui.model.Assignment;
import org.junit.jupiter.api.Test;

@io.quarkus.test.junit.QuarkusTest
class JudgingTest extends DatabaseReset {
    private static List<String[]> stored(String username) {
        return QuarkusTransaction.requiringNew().call(() -> Assignment.<Assignment>find(
                        "rater.username = ?1 and judgedAt is not null order by judgedAt, id", username).stream()
                .map(a -> new String[] {a.image.publicId, a.actionVerdict.csvName(), a.subjectVerdict.csvName()}).toList());
    }

    @Test
    void aJudgementIsStoredAndTheNextImageFollows() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client rater = Client.newRater(admin, "rater1");
        String page = rater.get("/rate").asString();
        assertTrue(page.contains("0 of 24 judged"), page);
        String first = rater.judgeCurrent("yes", "unsure");
        List<String[]> s = stored("rater1");
        assertEquals(1, s.size());
        assertEquals(List.of(first, "yes", "unsure"), List.of(s.get(0)));
        assertEquals(1200L, QuarkusTransaction.requiringNew().call(
                () -> Assignment.<Assignment>find("image.publicId", first).firstResult().ms));
        String next = rater.currentImage();
        assertNotEquals(first, next);
        assertTrue(rater.get("/rate").asString().contains("1 of 24 judged"));
    }

    @Test
    void aDoubleSubmitKeepsTheFirstAnswer() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client rater = Client.newRater(admin, "rater1");
        String image = rater.currentImage();
        Response first = rater.post("/rate", Map.of("image", image, "action", "yes", "subject", "yes"));
        assertEquals(303, first.statusCode());
        Response second = rater.post("/rate", Map.of("image", image, "action", "no", "subject", "no"));
        assertEquals(303, second.statusCode());
        assertTrue(second.header("Location").endsWith("/rate?notice=already"));
        List<String[]> s = stored("rater1");
        assertEquals(1, s.size());
        assertEquals(List.of(image, "yes", "yes"), List.of(s.get(0)));
        assertTrue(rater.get("/rate?notice=already").asString().contains("your first answer was kept"));
    }

    @Test
    void aJudgementForAnImageNotAssignedIsRefused() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client alice = Client.newRater(admin, "alice1");
        Client bob = Client.newRater(admin, "bob01");
        alice.judgeCurrent("yes", "yes");
        String alicesOpen = alice.currentImage();
        Response r = bob.post("/rate", Map.of("image", alicesOpen, "action", "no", "subject", "no"));
        assertEquals(409, r.statusCode());
        assertTrue(r.asString().contains("is not assigned to you"), r.asString());
        Response unknown = bob.post("/rate", Map.of("image", "nosuchimage", "action", "no", "subject", "no"));
        assertEquals(409, unknown.statusCode());
        assertEquals(0, stored("bob01").size());
        assertEquals(1, stored("alice1").size());
        // Bob cannot fetch Alice's image either.
        assertEquals(404, bob.get("/img/" + alicesOpen).statusCode());
        Response bad = alice.post("/rate", Map.of("image", alicesOpen, "action", "maybe", "subject", "yes"));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.asString().contains("Answer both questions"), bad.asString());
        assertEquals(1, stored("alice1").size());
    }

    @Test
    void undoReopensTheLastJudgementsInReverseOrder() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client rater = Client.newRater(admin, "rater1");
        String a = rater.judgeCurrent("yes", "yes");
        String b = rater.judgeCurrent("no", "yes");
        String c = rater.currentImage();
        Response undo = rater.post("/rate/undo", Map.of());
        assertEquals(303, undo.statusCode());
        assertEquals(b, rater.currentImage(), "undo shows the last judged image again");
        assertEquals(1, stored("rater1").size());
        rater.post("/rate/undo", Map.of());
        assertEquals(a, rater.currentImage());
        assertEquals(0, stored("rater1").size());
        Response nothing = rater.post("/rate/undo", Map.of());
        assertTrue(nothing.header("Location").endsWith("notice=nothing"));
        // Judging again walks forward through the same images.
        assertEquals(a, rater.judgeCurrent("unsure", "no"));
        assertEquals(b, rater.judgeCurrent("yes", "no"));
        assertEquals(c, rater.currentImage());
        List<String[]> s = stored("rater1");
        assertEquals(List.of(a, "unsure", "no"), List.of(s.get(0)));
        assertEquals(List.of(b, "yes", "no"), List.of(s.get(1)));
    }

    @Test
    void aRaterResumesExactlyWhereTheyWere() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client rater = Client.newRater(admin, "rater1");
        rater.judgeCurrent("yes", "yes");
        rater.judgeCurrent("yes", "no");
        String showing = rater.currentImage();
        rater.post("/logout", Map.of());
        Client back = Client.login("rater1", "pw-rater1");
        assertEquals(showing, back.currentImage());
        assertTrue(back.get("/rate").asString().contains("2 of 24 judged"));
    }

    @Test
    void aRaterWhoJudgedEverythingSeesTheDonePage() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client rater = Client.newRater(admin, "rater1");
        for (int i = 0; i < 24; i++) {
            assertNotNull(rater.judgeCurrent("yes", "yes"));
        }
        assertNull(rater.currentImage());
        String page = rater.get("/rate").asString();
        assertTrue(page.contains("Nothing left to judge"), page);
        assertTrue(page.contains("24 of 24 judged"), page);
    }
}

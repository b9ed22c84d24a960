package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The rater's tools of issue 19 §6 over HTTP: instructions first, answers kept by undo, a total that holds still. */
@io.quarkus.test.junit.QuarkusTest
class RaterToolsTest extends DatabaseReset {
    private static final Pattern PROGRESS = Pattern.compile("(\\d+) of (\\d+) judged");

    @Test
    void aNewRaterReadsTheInstructionsBeforeTheFirstImageAndCanOpenThemAgain() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        admin.post("/admin/raters", Map.of("username", "new1", "password", "pw-new-rater1", "role", "rater"));
        Client rater = Client.loginOnly("new1", "pw-new-rater1");

        String first = rater.get("/rate").asString();
        assertTrue(first.contains("id=\"start-rating\""), first);
        assertTrue(first.contains("id=\"example-action\""), "the instructions show an action's exemplars: " + first);
        assertFalse(first.contains("name=\"image\""), "no image before the instructions were read");
        assertTrue(rater.get("/rate").asString().contains("id=\"start-rating\""), "shown until read");

        assertEquals(303, rater.post("/rate/instructions", Map.of()).statusCode());
        String image = rater.currentImage();
        assertTrue(image != null && !image.isEmpty(), "the first image follows the instructions");

        String again = rater.get("/rate/instructions").asString();
        assertTrue(again.contains("How to judge") && again.contains("id=\"back-to-rating\""), again);
        assertFalse(again.contains("id=\"start-rating\""), again);
        assertEquals(image, rater.currentImage(), "reading them again changes nothing");

        // Once they have judged, a new login goes straight to the images.
        rater.judgeCurrent("yes", "no");
        Client later = Client.loginOnly("new1", "pw-new-rater1");
        assertFalse(later.get("/rate").asString().contains("id=\"start-rating\""));
    }

    @Test
    void undoBringsBackTheImageWithItsAnswersSelected() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client rater = Client.newRater(admin, "undoer");
        String image = rater.judgeCurrent("no", "unsure");
        assertEquals(303, rater.post("/rate/undo", Map.of()).statusCode());
        String page = rater.get("/rate?notice=undone").asString();
        assertEquals(image, Client.find(Pattern.compile("name=\"image\" value=\"([^\"]*)\""), page));
        assertTrue(page.matches("(?s).*id=\"action-no\" checked.*"), page);
        assertTrue(page.matches("(?s).*id=\"subject-unsure\" checked.*"), page);
        assertEquals(2, count(page, " checked"), "exactly the two previous answers are selected, nothing else: "
                + page.replaceAll("(?s).*(<fieldset>.*</fieldset>).*", "$1"));
        // It counts as open again, not as judged, until submitted anew.
        assertTrue(PROGRESS.matcher(page).find());
        assertEquals("0", progress(page).group(1));

        rater.post("/rate", Map.of("image", image, "action", "yes", "subject", "yes"));
        String next = rater.get("/rate").asString();
        assertNotEquals(image, Client.find(Pattern.compile("name=\"image\" value=\"([^\"]*)\""), next));
        assertEquals(0, count(next, " checked"), "a new image starts with nothing selected");
    }

    @Test
    void theProgressTotalIsTheRatersShareAndHoldsStillWhileOthersWork() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small()); // 24 images, k = 1
        Client a = Client.newRater(admin, "share-a");
        Client b = Client.newRater(admin, "share-b");
        Client.newRater(admin, "share-c");
        // 24 slots among 3 active raters: 8 each.
        Matcher before = progress(a.get("/rate").asString());
        assertEquals("0", before.group(1));
        assertEquals("8", before.group(2));
        for (int i = 0; i < 10; i++) {
            b.judgeCurrent("yes", "yes");
        }
        assertEquals("8", progress(a.get("/rate").asString()).group(2), "b's work leaves a's total alone");
        for (int i = 0; i < 3; i++) {
            a.judgeCurrent("no", "yes");
        }
        Matcher after = progress(a.get("/rate").asString());
        assertEquals("3", after.group(1));
        assertEquals("8", after.group(2));
        // Past their share the total follows what they have done; once nothing is left it is what they judged.
        while (a.judgeCurrent("yes", "no") != null) {
            Matcher m = progress(a.get("/rate").asString());
            assertTrue(Long.parseLong(m.group(2)) >= Math.max(8, Long.parseLong(m.group(1))), m.group());
        }
        Matcher done = progress(a.get("/rate").asString());
        assertEquals(done.group(1), done.group(2));
        assertEquals("14", done.group(1), "24 images less b's 10");
    }

    private static Matcher progress(String page) {
        Matcher m = PROGRESS.matcher(page);
        assertTrue(m.find(), page);
        return m;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }
}

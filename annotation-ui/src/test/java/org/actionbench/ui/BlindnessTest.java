package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionbench.ui.model.Image;
import org.junit.jupiter.api.Test;

@io.quarkus.test.junit.QuarkusTest
class BlindnessTest extends DatabaseReset {
    /** A method id as a word of its own: "adi" inside "radio" is not the method. */
    private static Pattern word(String method) {
        return Pattern.compile("(?<![a-z0-9])" + Pattern.quote(method) + "(?![a-z0-9])");
    }

    private static void assertBlind(byte[] body, String what) {
        String text = new String(body, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String m : RunFixture.METHODS) {
            Matcher found = word(m).matcher(text);
            assertFalse(found.find(), () -> what + " reveals the method \"" + m + "\": ..."
                    + text.substring(Math.max(0, found.start() - 80), Math.min(text.length(), found.end() + 80)));
        }
    }

    @Test
    void noResponseToARaterNamesAMethod() {
        Path run = RunFixture.small();
        Client admin = Client.admin();
        importRun(admin, run);
        assertTrue(admin.get("/admin").asString().contains("zqsecretmethod"), "the fixture's methods are known");
        Client rater = Client.newRater(admin, "rater1");
        Pattern src = Pattern.compile("src=\"(/(?:img|exemplar)/[a-z0-9]+)\"");
        String image;
        int pages = 0;
        do {
            Response page = rater.get("/rate");
            Matcher m = src.matcher(page.asString());
            while (m.find()) {
                Response img = rater.get(m.group(1));
                assertEquals(200, img.statusCode());
                assertEquals("image/png", img.contentType());
                assertEquals(List.of(), RunFixture.chunkTypes(img.asByteArray()).stream()
                        .filter(t -> t.equals("tEXt") || t.equals("iTXt") || t.equals("zTXt")).toList());
                img.headers().forEach(h -> assertBlind(h.toString().getBytes(StandardCharsets.UTF_8), "a header"));
            }
            image = rater.judgeCurrent(pages % 2 == 0 ? "yes" : "unsure", "no");
            if (pages == 3) {
                rater.post("/rate/undo", Map.of());
                rater.post("/rate", Map.of("image", "nosuch", "action", "yes", "subject", "yes"));
            }
            pages++;
        } while (image != null);
        rater.get("/img/nosuch");
        rater.get("/admin");
        rater.post("/logout", Map.of());
        assertTrue(rater.received.size() > 24 * 3);
        for (byte[] body : rater.received) {
            assertBlind(body, "a response");
        }
    }

    /** Issue 19 §4: the served file's length must not tell the method (it did: AUC 0.87 on size alone). */
    @Test
    void everyServedImageOfOneSizeHasOneLengthAndOnlyThePixelChunks() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client rater = Client.newRater(admin, "rater1");
        java.util.Set<Integer> lengths = new java.util.HashSet<>();
        java.util.Set<String> originals = new java.util.HashSet<>();
        for (String id = rater.currentImage(); id != null; id = rater.currentImage()) {
            byte[] served = rater.get("/img/" + id).asByteArray();
            lengths.add(served.length);
            assertEquals(List.of("IHDR", "IDAT", "IEND"), RunFixture.chunkTypes(served));
            String sha = org.actionbench.ui.importer.Hashes.sha256(served);
            String shown = id;
            String stored = QuarkusTransaction.requiringNew().call(
                    () -> Image.<Image>find("publicId", shown).firstResult().sha256);
            assertFalse(sha.equals(stored), "served bytes are the run's file (its sha256 is in samples.jsonl)");
            originals.add(stored);
            rater.post("/rate", Map.of("image", id, "action", "yes", "subject", "yes"));
        }
        assertEquals(24, originals.size());
        assertEquals(java.util.Set.of(org.actionbench.ui.importer.PngReencoder.length(RunFixture.RESOLUTION,
                RunFixture.RESOLUTION)), lengths, "every 32 x 32 image is served with the same length");
    }

    @Test
    void servedImagesKeepTheirPixelsAndLoseTheirText() throws Exception {
        Path run = RunFixture.small();
        Client admin = Client.admin();
        importRun(admin, run);
        Client rater = Client.newRater(admin, "rater1");
        String id = rater.currentImage();
        byte[] served = rater.get("/img/" + id).asByteArray();
        String file = QuarkusTransaction.requiringNew().call(() -> Image.<Image>find("publicId", id).firstResult().file);
        byte[] original = Files.readAllBytes(run.resolve(file));
        assertTrue(RunFixture.chunkTypes(original).contains("tEXt"), "the fixture carries text");
        assertTrue(new String(original, StandardCharsets.ISO_8859_1).contains("method="));
        assertFalse(new String(served, StandardCharsets.ISO_8859_1).contains("method="));
        // The pixels are the same: decode both.
        var a = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(original));
        var b = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(served));
        int[] pa = a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth());
        int[] pb = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        assertArrayEquals(pa, pb);
        // The public id is random, not derived from the file's digest.
        String sha = QuarkusTransaction.requiringNew().call(() -> Image.<Image>find("publicId", id).firstResult().sha256);
        assertFalse(sha.contains(id.substring(0, 8)));
        assertFalse(id.contains(sha.substring(0, 8)));
    }
}

package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.PoseFamily;
import org.junit.jupiter.api.Test;

/** The admin's dashboard of issue 19 §6: the run's method order, one run without a selector, overall progress. */
@io.quarkus.test.junit.QuarkusTest
class AdminToolsTest extends DatabaseReset {
    /** Not alphabetical, and not the order the cells were written (adi, dreambooth, zqsecretmethod). */
    private static final List<String> SPEC_ORDER = List.of("zqsecretmethod", "adi", "dreambooth");

    @Test
    void methodsAppearInTheRunsOrderInEveryTable() {
        Client admin = Client.admin();
        Path run = RunFixture.write(RunFixture.newRunDir(), RunFixture.METHODS,
                List.of(PoseFamily.values()[0], PoseFamily.values()[1]), List.of(Cast.HUMANS.get(0)), 1);
        RunFixture.writeManifest(run, true, SPEC_ORDER);
        importRun(admin, run);
        Client rater = Client.newRater(admin, "order1");
        while (rater.judgeCurrent("yes", "no") != null) {
            // every image, so every method has a row in the accuracy table
        }
        String page = admin.get("/admin").asString();
        assertEquals(SPEC_ORDER, ids(page, "<tr id=\"acc-([^\"]+)\""), "accuracy table");
        assertEquals(SPEC_ORDER, ids(section(page, "id=\"methods\""), "<tr><td><a [^>]*>([^<]+)</a></td>"),
                "progress table");
        assertEquals(SPEC_ORDER, ids(section(page, "id=\"chart\""), "data-method=\"([^\"]+)\""), "chart");
        // The Excel download too, although the rater judged in a random order.
        byte[] xlsx = admin.get("/admin/export/report.xlsx").asByteArray();
        List<String> inWorkbook = new ArrayList<>();
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
            for (var row : wb.getSheet("Table 1")) {
                String first = row.getCell(0) == null ? "" : row.getCell(0).toString();
                if (SPEC_ORDER.contains(first)) {
                    inWorkbook.add(first);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(SPEC_ORDER, inWorkbook, "workbook's Table 1");
    }

    @Test
    void oneRunNeedsNoSelectorAndTheOverallProgressCountsWhatIsNeeded() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small()); // 24 images
        String one = admin.get("/admin").asString();
        assertFalse(one.contains("<select name=\"run\""), "one run: nothing to choose");
        assertTrue(one.contains("id=\"scope-label\">"), one);

        admin.post("/admin/settings", Map.of("ratersPerImage", "2"));
        Client a = Client.newRater(admin, "overall-a");
        Client.newRater(admin, "overall-b");
        for (int i = 0; i < 5; i++) {
            a.judgeCurrent("yes", "yes");
        }
        // k = 2 with 2 active raters: 48 judgements needed, 5 done.
        String judged = admin.get("/admin").asString();
        Matcher m = Pattern.compile("id=\"overall-text\">(\\d+) of (\\d+) judgements needed \\(([0-9.]+)%\\)")
                .matcher(judged);
        assertTrue(m.find());
        assertEquals("5", m.group(1));
        assertEquals("48", m.group(2));
        assertEquals("10.4", m.group(3));

        importRun(admin, RunFixture.small());
        String two = admin.get("/admin").asString();
        assertTrue(two.contains("<select name=\"run\""), "two runs: a choice");
        // The intervals never wrap: their cells are marked and the style sheet keeps them on one line.
        assertTrue(judged.contains("<th class=\"interval\">95% CI</th>"), judged);
        assertTrue(Pattern.compile("<td class=\"interval\">[^<]+</td>").matcher(judged).find(), judged);
        assertTrue(admin.get("/static/app.css").asString().contains("td.interval, th.interval { white-space: nowrap; }"));
    }

    @Test
    void aBrokenImageFlagIsNoJudgementAndTheAdminOpensAnyImageWithItsMethod() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small()); // 24 images, k = 1
        Client rater = Client.newRater(admin, "flagger");
        String broken = rater.currentImage();
        byte[] servedToRater = rater.get("/img/" + broken).asByteArray();
        var flag = rater.post("/rate/flag", Map.of("image", broken));
        assertEquals(303, flag.statusCode(), flag.asString());
        assertEquals("/rate?notice=flagged", flag.header("Location"));
        assertEquals(409, rater.post("/rate/flag", Map.of("image", broken)).statusCode(), "no longer open");
        assertEquals(1, admin.get("/admin/export/judgements.csv").asString().lines().count(), "not a judgement");

        int judged = 0;
        for (String id = rater.judgeCurrent("yes", "yes"); id != null; id = rater.judgeCurrent("yes", "yes")) {
            assertTrue(!id.equals(broken), "a flagged image is not shown to its rater again");
            judged++;
        }
        assertEquals(23, judged);
        // Its slot went back: another rater gets it.
        assertEquals(broken, Client.newRater(admin, "second").currentImage());

        String page = admin.get("/admin").asString();
        Matcher row = Pattern.compile("(?s)<table id=\"flagged\">.*?</table>").matcher(page);
        assertTrue(row.find(), page);
        assertTrue(row.group().contains("/admin/image/" + broken) && row.group().contains("flagger"), row.group());
        var image = admin.get("/admin/image/" + broken);
        assertEquals(200, image.statusCode());
        assertEquals("image/png", image.contentType());
        assertTrue(java.util.Arrays.equals(servedToRater, image.asByteArray()), "the bytes raters get");
        assertEquals(403, rater.get("/admin/image/" + broken).statusCode(), "raters stay blind");

        String adi = admin.get("/admin/images?method=adi").asString();
        assertEquals(8, ids(adi, "<figure id=\"img-([^\"]+)\" data-method=\"adi\"").size(), adi);
        assertFalse(adi.contains("data-method=\"dreambooth\""), adi);
        assertEquals(24, ids(admin.get("/admin/images").asString(), "<figure id=\"img-([^\"]+)\"").size());
    }

    private static String section(String page, String marker) {
        int at = page.indexOf(marker);
        assertTrue(at >= 0, marker + " in " + page);
        int end = page.indexOf("</table>", at);
        int svgEnd = page.indexOf("</svg>", at);
        return page.substring(at, marker.contains("chart") ? svgEnd : end);
    }

    private static List<String> ids(String text, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            if (!out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}

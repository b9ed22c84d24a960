package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.ui.model.Run;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 §2: two runs whose directories share a name ("run", the demo's default) are two runs: distinct labels,
 * a dashboard and exports per run, and the pooled view only for runs of the same bench and methods.
 */
@io.quarkus.test.junit.QuarkusTest
class RunIdentityTest extends DatabaseReset {
    private static Path runNamedRun(String parent, List<String> methods, int subject) throws Exception {
        Path dir = RunFixture.newRunDir().resolve(parent).resolve("run");
        Files.createDirectories(dir);
        // Different subjects, so the two runs' images differ (import keys images by their bytes).
        return RunFixture.write(dir, methods, List.of(PoseFamily.values()[0]),
                List.of(Cast.HUMANS.get(subject), Cast.ANIMALS.get(subject)), 2);
    }

    private static long runId(String label) {
        return QuarkusTransaction.requiringNew().call(() -> Run.<Run>find("label", label).firstResult().id);
    }

    private static List<Judgement> csv(Client admin, String run) throws Exception {
        Response r = admin.get("/admin/export/judgements.csv?run=" + run);
        assertEquals(200, r.statusCode(), r::asString);
        return JudgementCsv.read(new StringReader(r.asString()), Path.of("judgements.csv"));
    }

    private static void judgeAll(Client rater) {
        while (rater.judgeCurrent("yes", "no") != null) {
            // until nothing is left
        }
    }

    @Test
    void twoRunsNamedRunStayApart() throws Exception {
        Client admin = Client.admin();
        importRun(admin, runNamedRun("first", RunFixture.METHODS, 0));   // 3 methods x 1 action x 2 x 2 = 12
        importRun(admin, runNamedRun("second", RunFixture.METHODS, 1));
        long first = runId("run");
        long second = runId("run-2");
        assertEquals(200, admin.post("/admin/settings", Map.of("ratersPerImage", "2")).statusCode());
        judgeAll(Client.newRater(admin, "rater1"));
        judgeAll(Client.newRater(admin, "rater2"));

        for (long run : List.of(first, second)) {
            Response page = admin.get("/admin?run=" + run);
            assertEquals(200, page.statusCode(), page::asString);
            List<Judgement> rows = csv(admin, Long.toString(run));
            assertEquals(24, rows.size(), "12 images x k = 2 in run " + run);
            Set<String> keys = new HashSet<>();
            rows.forEach(j -> assertTrue(keys.add(j.rater() + "|" + j.image()), "twice: " + j));
            assertEquals(200, admin.get("/admin/export/report.xlsx?run=" + run).statusCode());
        }
        // The same bench and methods: pooled, with the images told apart by their run's label.
        assertEquals(200, admin.get("/admin?run=all").statusCode());
        List<Judgement> all = csv(admin, "all");
        assertEquals(48, all.size());
        Set<String> images = new HashSet<>();
        all.forEach(j -> images.add(j.image()));
        assertEquals(24, images.size());
        assertTrue(images.stream().allMatch(i -> i.startsWith("run/") || i.startsWith("run-2/")), images.toString());
        assertEquals(200, admin.get("/admin/export/report.xlsx?run=all").statusCode());
        String page = admin.get("/admin").asString();
        assertTrue(page.contains(">run<") && page.contains(">run-2<"), "both labels are shown");
        assertTrue(page.contains("value=\"all\""), "pooling is offered");
    }

    @Test
    void runsOfOtherMethodsAreNotPooledAndLabelsAreUnique() throws Exception {
        Client admin = Client.admin();
        importRun(admin, runNamedRun("first", RunFixture.METHODS, 0));
        Response labelled = admin.post("/admin/import", Map.of("path", runNamedRun("second", List.of("adi"), 1)
                .toString(), "label", "adi-only"));
        assertEquals(200, labelled.statusCode(), labelled::asString);
        assertTrue(labelled.asString().contains("as &quot;adi-only&quot;"), labelled.asString());
        Response taken = admin.post("/admin/import", Map.of("path", runNamedRun("third", List.of("adi"), 2)
                .toString(), "label", "adi-only"));
        assertEquals(400, taken.statusCode());
        assertTrue(taken.asString().contains("is taken"), taken.asString());

        assertEquals(400, admin.get("/admin/export/judgements.csv?run=all").statusCode());
        assertEquals(400, admin.get("/admin?run=all").statusCode());
        assertEquals(404, admin.get("/admin?run=999999").statusCode());
        String page = admin.get("/admin").asString();
        assertFalse(page.contains("value=\"all\""), "pooling is not offered");
        assertEquals(200, admin.get("/admin?run=" + runId("adi-only")).statusCode());
    }
}

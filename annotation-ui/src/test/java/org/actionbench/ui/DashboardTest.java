package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.ui.model.Image;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

@io.quarkus.test.junit.QuarkusTest
class DashboardTest extends DatabaseReset {
    /**
     * One rater answers by method: adi action yes / subject yes, dreambooth yes / no, zqsecretmethod no / no.
     * So by hand: adi 100 / 100 / 100, dreambooth 100 / 0 / 0, zqsecretmethod 0 / 0 / 0 (action / subject / total).
     */
    @Test
    void theAccuracyTableTheChartAndTheDownloadsFollowTheJudgements() throws Exception {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Response empty = admin.get("/admin");
        assertTrue(empty.asString().contains("No judgements yet."));
        assertEquals(409, admin.get("/admin/export/report.xlsx").statusCode());

        Map<String, String> methodOf = new HashMap<>();
        Map<String, String> fileOf = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> Image.<Image>listAll().forEach(i -> {
            methodOf.put(i.publicId, i.method);
            fileOf.put(i.publicId, i.file);
        }));
        Map<String, String[]> answers = Map.of("adi", new String[] {"yes", "yes"}, "dreambooth",
                new String[] {"yes", "no"}, "zqsecretmethod", new String[] {"no", "no"});
        Client rater = Client.newRater(admin, "rater1");
        int judged = 0;
        for (String id = rater.currentImage(); id != null && judged < 12; id = rater.currentImage()) {
            String[] a = answers.get(methodOf.get(id));
            rater.post("/rate", Map.of("image", id, "action", a[0], "subject", a[1]));
            judged++;
        }
        String page = admin.get("/admin").asString();
        Map<String, String[]> expected = Map.of("adi", new String[] {"100.00", "100.00", "100.00"}, "dreambooth",
                new String[] {"100.00", "0.00", "0.00"}, "zqsecretmethod", new String[] {"0.00", "0.00", "0.00"});
        for (var e : expected.entrySet()) {
            Matcher row = Pattern.compile("(?s)<tr id=\"acc-" + e.getKey() + "\".*?</tr>").matcher(page);
            if (!row.find()) {
                continue; // this method had no image among the first 12 (possible, not likely)
            }
            String r = row.group();
            assertTrue(r.contains("class=\"num action\">" + e.getValue()[0]), r);
            assertTrue(r.contains("class=\"num subject\">" + e.getValue()[1]), r);
            assertTrue(r.contains("class=\"num total\">" + e.getValue()[2]), r);
        }
        assertTrue(page.contains("<svg"), "the bar chart is there");
        assertTrue(page.contains("Krippendorff"));
        assertTrue(page.contains("<tr id=\"rater-rater1\">"));
        assertTrue(Pattern.compile("(?s)<tr id=\"rater-rater1\">.*?class=\"num judged\">12<").matcher(page).find(), page);

        Response csv = admin.get("/admin/export/judgements.csv");
        assertEquals(200, csv.statusCode());
        List<Judgement> rows = JudgementCsv.read(new StringReader(csv.asString()), Path.of("judgements.csv"));
        assertEquals(12, rows.size());
        assertTrue(csv.asString().startsWith("rater,image,method,action,subject,group,action_correct,subject_correct\n"));
        for (Judgement j : rows) {
            assertEquals("rater1", j.rater());
            String[] a = answers.get(j.method());
            assertEquals(a[0], j.actionCorrect().csvName());
            assertEquals(a[1], j.subjectCorrect().csvName());
            assertTrue(fileOf.containsValue(j.image()), j.image());
            assertTrue(j.image().startsWith("cells/" + j.method() + "/" + j.action() + "/samples/" + j.subject() + "/"));
        }

        Response xlsx = admin.get("/admin/export/report.xlsx");
        assertEquals(200, xlsx.statusCode());
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.asByteArray()))) {
            Sheet table = wb.getSheet("Table 1");
            StringBuilder all = new StringBuilder();
            for (Row row : table) {
                row.forEach(c -> all.append(c.toString()).append('|'));
            }
            for (String m : rows.stream().map(Judgement::method).distinct().toList()) {
                assertTrue(all.toString().contains(m), all.toString());
            }
        }
    }
}

package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.data.run.RunLayout;
import org.actionbench.ui.model.Exemplar;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Subject;
import org.junit.jupiter.api.Test;

@io.quarkus.test.junit.QuarkusTest
class ImportTest extends DatabaseReset {
    private static long images() {
        return QuarkusTransaction.requiringNew().call(() -> Image.count());
    }

    @Test
    void importsEveryImageOnceAndBringsTheBenchAlong() {
        Path run = RunFixture.small();
        Client admin = Client.admin();
        String page = importRun(admin, run);
        assertTrue(page.contains("24 new images, 0 already imported"), page);
        assertEquals(24, images());
        // The whole bench comes along: 8 actions x 10 exemplars, 23 subjects with their texts.
        assertEquals(80L, QuarkusTransaction.requiringNew().call(() -> Exemplar.count()));
        assertEquals(23L, QuarkusTransaction.requiringNew().call(() -> Subject.count()));

        String again = importRun(admin, run);
        assertTrue(again.contains("0 new images, 24 already imported"), again);
        assertEquals(24, images());
    }

    @Test
    void theRunnersResolvedSpecNamesTheBenchWhenRunJsonDoesNot() throws Exception {
        Path run = RunFixture.small();
        RunFixture.writeManifest(run, false);
        java.nio.file.Files.writeString(run.resolve("spec.json"),
                "{\"bench\": \"" + RunFixture.bench().toAbsolutePath() + "\", \"output\": \"" + run + "\"}");
        Response ok = Client.admin().post("/admin/import", Map.of("path", run.toString()));
        assertEquals(200, ok.statusCode(), ok.asString());
        assertEquals(24, images());
    }

    @Test
    void cellsThatFinishLaterArriveWithTheNextImport() {
        Path run = RunFixture.small();
        Client admin = Client.admin();
        importRun(admin, run);
        List<String> later = RunFixture.addCell(run, "adi", PoseFamily.values()[2], List.of(Cast.HUMANS.get(1)), 3);
        RunFixture.writeManifest(run, true);
        String page = importRun(admin, run);
        assertTrue(page.contains("3 new images, 24 already imported"), page);
        assertEquals(27, images());
        for (String f : later) {
            assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> Image.count("file", f)));
        }
    }

    @Test
    void aPathThatIsNotARunIsRefusedWithAMessage() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Path empty = RunFixture.newRunDir();
        Response r = admin.post("/admin/import", Map.of("path", empty.toString()));
        assertEquals(400, r.statusCode());
        assertTrue(r.asString().contains("not a run directory (there is no run.json)"), r.asString());
        Response missing = admin.post("/admin/import", Map.of("path", empty.resolve("nope").toString()));
        assertEquals(400, missing.statusCode());
        assertTrue(missing.asString().contains("nope: not a directory"), missing.asString());
        assertEquals(24, images(), "a failed import leaves what was stored");
    }

    @Test
    void aRunThatDoesNotNameItsBenchNeedsOneGiven() throws Exception {
        Path run = RunFixture.small();
        RunFixture.writeManifest(run, false);
        Client admin = Client.admin();
        Response r = admin.post("/admin/import", Map.of("path", run.toString()));
        assertEquals(400, r.statusCode());
        assertTrue(r.asString().contains("cannot tell where the run&#39;s bench is")
                || r.asString().contains("cannot tell where the run's bench is"), r.asString());
        Response ok = admin.post("/admin/import", Map.of("path", run.toString(), "bench",
                RunFixture.bench().toString()));
        assertEquals(200, ok.statusCode(), ok.asString());
        assertEquals(24, images());
    }

    @Test
    void missingAndCorruptImagesAreSkippedAndComeLaterWhenWhole() throws Exception {
        Path run = RunFixture.small();
        RunLayout layout = new RunLayout(run);
        List<String> files = Files.readAllLines(layout.samplesJsonl()).stream()
                .map(l -> l.replaceAll(".*\"file\":\"([^\"]+)\".*", "$1")).toList();
        Path missing = layout.resolve(files.get(0));
        byte[] missingBytes = Files.readAllBytes(missing);
        Files.delete(missing);
        Path altered = layout.resolve(files.get(1));
        byte[] alteredBytes = Files.readAllBytes(altered);
        Files.write(altered, java.util.Arrays.copyOf(alteredBytes, alteredBytes.length / 2));
        Client admin = Client.admin();
        String page = importRun(admin, run);
        assertTrue(page.contains("22 new images"), page);
        assertTrue(page.contains(files.get(0) + ": image missing"), page);
        assertTrue(page.contains(files.get(1) + ": corrupt image: its sha256 is"), page);
        assertEquals(22, images());

        Files.write(missing, missingBytes);
        Files.write(altered, alteredBytes);
        String fixed = importRun(admin, run);
        assertTrue(fixed.contains("2 new images, 22 already imported"), fixed);
        assertEquals(24, images());
    }

    @Test
    void aRecordedImageThatIsNotAPngIsCorrupt() throws Exception {
        Path run = RunFixture.newRunDir();
        RunFixture.write(run, List.of("adi"), List.of(PoseFamily.values()[0]), List.of(Cast.HUMANS.get(0)), 1);
        // Rewrite the image as garbage and record its true sha256, so only the PNG check can catch it.
        RunLayout layout = new RunLayout(run);
        String line = Files.readString(layout.samplesJsonl());
        String file = line.replaceAll("(?s).*\"file\":\"([^\"]+)\".*", "$1");
        byte[] garbage = "not a png at all".getBytes();
        Files.write(layout.resolve(file), garbage);
        String sha = org.actionbench.data.run.SampleRecord.sha256Of(layout.resolve(file));
        Files.writeString(layout.samplesJsonl(), line.replaceAll("\"sha256\":\"[0-9a-f]+\"", "\"sha256\":\"" + sha + "\""));
        String page = importRun(Client.admin(), run);
        assertTrue(page.contains("corrupt image: not a PNG file (wrong signature)"), page);
        assertEquals(0, images());
    }
}

package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.model.Role;
import org.actionbench.ui.security.PasswordHasher;
import org.junit.jupiter.api.Test;

/** Issue 19 §6 (server): nothing a spreadsheet would run as a formula reaches the CSV; cookies as configured. */
@io.quarkus.test.junit.QuarkusTest
class ServerSafetyTest extends DatabaseReset {
    @Inject
    PasswordHasher hasher;

    @Test
    void csvCellsThatASpreadsheetWouldRunAreNeutralised() {
        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        // An account from before user names had to start with a letter or digit.
        QuarkusTransaction.requiringNew().run(() -> {
            Rater r = new Rater();
            r.username = "@SUM(1+1)";
            r.passwordHash = hasher.hash("legacy-password");
            r.role = Role.RATER;
            r.active = true;
            r.orderSeed = 5;
            r.createdAt = Instant.now();
            r.persist();
        });
        Client legacy = Client.login("@SUM(1+1)", "legacy-password");
        legacy.judgeCurrent("yes", "no");
        String csv = admin.get("/admin/export/judgements.csv").asString();
        List<String> lines = csv.lines().skip(1).toList();
        assertEquals(1, lines.size(), csv);
        assertTrue(lines.get(0).startsWith("'@SUM(1+1),cells/"), csv);
        for (String line : lines) {
            for (String cell : line.split(",")) {
                assertFalse(!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0, "a formula cell: " + line);
            }
        }
        // New accounts cannot start that way at all.
        for (String name : List.of("@x", "-x", "=x", "+x")) {
            Response r = admin.post("/admin/raters", Map.of("username", name, "password", "long-enough", "role",
                    "rater"));
            assertEquals(400, r.statusCode(), name);
            assertTrue(r.asString().contains("starting with a letter or digit"), r.asString());
        }
    }

    @Test
    void aMethodNameThatIsNoIdIsRefusedAtImport() {
        Client admin = Client.admin();
        Path run = RunFixture.write(RunFixture.newRunDir(), List.of("adi"), List.of(PoseFamily.values()[0]),
                List.of(Cast.HUMANS.get(0)), 2);
        // A record naming a method that is no id (the run layout would refuse it as a directory, samples.jsonl
        // does not): the first image's record under another method and file.
        SamplesJsonl samples = new SamplesJsonl(new RunLayout(run).samplesJsonl());
        SampleRecord first;
        try {
            first = SamplesJsonl.read(new RunLayout(run).samplesJsonl()).records().get(0);
            samples.append(new SampleRecord(first.file().replace("/0.png", "/7.png"), first.sha256(), "=HYPERLINK(\"x\")", first.action(),
                    first.subject(), first.group(), first.seed(), first.prompt(), first.sampler()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String page = importRun(admin, run);
        assertTrue(page.contains("is not a method id"), page);
        List<String> methods = QuarkusTransaction.requiringNew().call(() -> Image.<Image>listAll().stream()
                .map(i -> i.method).distinct().toList());
        assertEquals(List.of("adi"), methods);
    }

    @Test
    void cookiesAreNotSecureByDefaultSoPlainHttpOnLocalhostWorks() {
        Response page = io.restassured.RestAssured.given().redirects().follow(false).get("/login");
        String setCookie = page.header("Set-Cookie");
        assertTrue(setCookie.contains("ab_login_csrf=") && setCookie.contains("HttpOnly"), setCookie);
        assertFalse(setCookie.toLowerCase(java.util.Locale.ROOT).contains("secure"), setCookie);
    }
}

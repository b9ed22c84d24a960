package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import java.util.Map;
import org.actionbench.ui.model.Rater;
import org.junit.jupiter.api.Test;

/** Issue 19 §3: names unique ignoring case, raters change their own password, admins reset one, fields checked. */
@io.quarkus.test.junit.QuarkusTest
class AccountTest extends DatabaseReset {
    private static long idOf(String username) {
        return QuarkusTransaction.requiringNew().call(() -> Rater.byUsername(username).orElseThrow().id);
    }

    @Test
    void userNamesAreUniqueIgnoringCase() {
        Client admin = Client.admin();
        Client.newRater(admin, "Alice.Rater");
        Response twin = admin.post("/admin/raters", Map.of("username", "alice.rater", "password", "another-password",
                "role", "rater"));
        assertEquals(409, twin.statusCode(), twin::asString);
        Client.login("ALICE.RATER", "pw-Alice.Rater"); // logs in whatever the case
    }

    @Test
    void aRaterChangesTheirOwnPassword() {
        Client rater = Client.newRater(Client.admin(), "changer1");
        Response wrong = rater.post("/account", Map.of("current", "not-my-password", "password", "brand-new-pass"));
        assertEquals(403, wrong.statusCode());
        Response ok = rater.post("/account", Map.of("current", "pw-changer1", "password", "brand-new-pass"));
        assertEquals(200, ok.statusCode(), ok::asString);
        Client.login("changer1", "brand-new-pass");
    }

    @Test
    void anAdminResetsAPasswordAndTheOldSessionsEnd() {
        Client admin = Client.admin();
        Client rater = Client.newRater(admin, "forgetful1");
        Response reset = admin.post("/admin/raters/" + idOf("forgetful1") + "/password",
                Map.of("password", "reset-by-admin"));
        assertEquals(200, reset.statusCode(), reset::asString);
        assertEquals(303, rater.get("/rate").statusCode(), "the old session ended");
        Client.login("forgetful1", "reset-by-admin");
    }

    @Test
    void redirectsAreRelativeSoTheHostHeaderIsNotReflected() {
        Response r = io.restassured.RestAssured.given().redirects().follow(false).header("Host", "evil.example")
                .get("/rate");
        assertEquals(303, r.statusCode());
        assertEquals("/login", r.header("Location"));
    }

    @Test
    void activeIsTrueOrFalseAndAnAdminCannotDeactivateThemself() {
        Client admin = Client.admin();
        Client.newRater(admin, "maybe1");
        Response maybe = admin.post("/admin/raters/" + idOf("maybe1") + "/active", Map.of("active", "maybe"));
        assertEquals(400, maybe.statusCode());
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Rater.byUsername("maybe1").orElseThrow().active));
        Response self = admin.post("/admin/raters/" + idOf(Client.ADMIN) + "/active", Map.of("active", "false"));
        assertEquals(400, self.statusCode());
    }
}

package org.actionbench.ui;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import java.util.Map;
import org.actionbench.ui.model.Rater;
import org.junit.jupiter.api.Test;

@io.quarkus.test.junit.QuarkusTest
class LoginTest extends DatabaseReset {
    @Test
    void anonymousVisitorsAreSentToTheLoginPage() {
        for (String path : new String[] {"/", "/rate", "/admin", "/admin/export/judgements.csv"}) {
            Response r = given().redirects().follow(false).get(path);
            assertEquals(303, r.statusCode(), path);
            assertTrue(r.header("Location").endsWith("/login"), path);
        }
        Response post = given().redirects().follow(false).formParam("csrf", "x").post("/rate/undo");
        assertEquals(401, post.statusCode());
        assertTrue(post.asString().contains("You are not logged in"), post.asString());
    }

    @Test
    void wrongPasswordAndMissingTokenAreRefused() {
        Response page = given().get("/login");
        String cookie = page.cookie("ab_login_csrf");
        String token = Client.find(java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]*)\""), page.asString());
        Response wrong = given().redirects().follow(false).cookie("ab_login_csrf", cookie)
                .formParam("username", Client.ADMIN).formParam("password", "not-it").formParam("csrf", token)
                .post("/login");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.asString().contains("Wrong user name or password."));
        assertEquals(null, wrong.cookie("ab_session"));
        // Right password, but the token does not match the cookie (a cross-site form cannot read the cookie).
        Response forged = given().redirects().follow(false).cookie("ab_login_csrf", cookie)
                .formParam("username", Client.ADMIN).formParam("password", Client.ADMIN_PASSWORD)
                .formParam("csrf", "forged").post("/login");
        assertEquals(403, forged.statusCode());
        assertEquals(null, forged.cookie("ab_session"));
    }

    @Test
    void passwordsAreStoredHashedWithASaltEach() {
        Client admin = Client.admin();
        Client.newRater(admin, "rater1");
        Client.newRater(admin, "rater2");
        String h1 = QuarkusTransaction.requiringNew().call(() -> Rater.byUsername("rater1").orElseThrow().passwordHash);
        String h2 = QuarkusTransaction.requiringNew().call(() -> Rater.byUsername("rater2").orElseThrow().passwordHash);
        assertTrue(h1.startsWith("pbkdf2-sha256$1000$"), h1);
        assertFalse(h1.contains("pw-rater1"));
        // The same kind of password hashed twice differs in salt and hash.
        assertFalse(h1.split("\\$")[2].equals(h2.split("\\$")[2]));
    }

    @Test
    void aRaterSeesOnlyTheRatingPagesAndAnAdminOnlyTheDashboard() {
        Client admin = Client.admin();
        Client rater = Client.newRater(admin, "rater1");
        for (String path : new String[] {"/admin", "/admin/export/judgements.csv", "/admin/export/report.xlsx"}) {
            assertEquals(403, rater.get(path).statusCode(), path);
        }
        Response forbiddenPost = rater.postRaw("/admin/raters", Map.of("username", "evil", "password", "12345678"),
                rater.csrf());
        assertEquals(403, forbiddenPost.statusCode());
        assertEquals(200, rater.get("/rate").statusCode());
        assertEquals("/rate", java.net.URI.create(rater.get("/").header("Location")).getPath());
        assertEquals(403, admin.get("/rate").statusCode());
        assertEquals(200, admin.get("/admin").statusCode());
        assertEquals(404, rater.get("/somewhere-else").statusCode());
    }

    @Test
    void everyFormRefusesARequestWithoutItsToken() {
        Client admin = Client.admin();
        Client rater = Client.newRater(admin, "rater1");
        Map<String, String> noFields = Map.of();
        for (String path : new String[] {"/admin/import", "/admin/raters", "/admin/settings", "/admin/raters/1/active",
                "/logout"}) {
            Response r = admin.postRaw(path, noFields, null);
            assertEquals(403, r.statusCode(), path);
            Response wrong = admin.postRaw(path, noFields, "wrong-token");
            assertEquals(403, wrong.statusCode(), path);
            assertTrue(wrong.asString().contains("security token"), wrong.asString());
        }
        for (String path : new String[] {"/rate", "/rate/undo", "/logout"}) {
            assertEquals(403, rater.postRaw(path, Map.of("image", "x", "action", "yes", "subject", "yes"), null)
                    .statusCode(), path);
        }
        // The refused logout did not log anyone out.
        assertEquals(200, rater.get("/rate").statusCode());
        assertEquals(200, admin.get("/admin").statusCode());
    }

    @Test
    void logoutEndsTheSessionAndDeactivationLocksTheAccountOut() {
        Client admin = Client.admin();
        Client rater = Client.newRater(admin, "rater1");
        Response out = rater.post("/logout", Map.of());
        assertEquals(303, out.statusCode());
        assertEquals(303, rater.get("/rate").statusCode());

        Client again = Client.login("rater1", "pw-rater1");
        long id = QuarkusTransaction.requiringNew().call(() -> Rater.byUsername("rater1").orElseThrow().id);
        assertEquals(200, admin.post("/admin/raters/" + id + "/active", Map.of("active", "false")).statusCode());
        assertEquals(303, again.get("/rate").statusCode());
        Response page = given().get("/login");
        Response refused = given().redirects().follow(false).cookie("ab_login_csrf", page.cookie("ab_login_csrf"))
                .formParam("username", "rater1").formParam("password", "pw-rater1")
                .formParam("csrf", Client.find(java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]*)\""),
                        page.asString()))
                .post("/login");
        assertEquals(401, refused.statusCode());
    }
}

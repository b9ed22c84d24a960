package org.actionbench.ui;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionbench.ui.security.LoginGuard;
import org.actionbench.ui.security.PasswordHasher;
import org.junit.jupiter.api.Test;

/** Issue 19 §3: backoff with 429, equal work for unknown users, bounded hashing, a server-bound login token. */
@io.quarkus.test.junit.QuarkusTest
class LoginHardeningTest extends DatabaseReset {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

    @Inject
    PasswordHasher hasher;
    @Inject
    LoginGuard guard;

    /** A fresh login form's token, then a POST with it; {@code origin} null sends no Origin header. */
    private static Response attempt(String username, String password, String origin) {
        Response page = given().get("/login");
        Matcher m = CSRF.matcher(page.asString());
        assertTrue(m.find());
        var spec = given().redirects().follow(false).cookie("ab_login_csrf", page.cookie("ab_login_csrf"))
                .formParam("username", username).formParam("password", password).formParam("csrf", m.group(1));
        if (origin != null) {
            spec.header("Origin", origin);
        }
        return spec.post("/login");
    }

    @Test
    void repeatedFailuresBackOffWith429EvenForTheRightPassword() throws Exception {
        Client.newRater(Client.admin(), "victim1");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, attempt("victim1", "wrong-password", null).statusCode());
        }
        Response blocked = attempt("victim1", "pw-victim1", null);
        assertEquals(429, blocked.statusCode(), "the right password right after five wrong ones");
        long retryAfter = Long.parseLong(blocked.header("Retry-After"));
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        assertEquals(429, attempt("VICTIM1", "pw-victim1", null).statusCode(), "the account, whatever its case");
        Thread.sleep(retryAfter * 1000 + 100);
        assertEquals(303, attempt("victim1", "pw-victim1", null).statusCode(), "after the wait it works");
    }

    @Test
    void anUnknownUserNameCostsTheSameHashAsAWrongPassword() {
        Client.newRater(Client.admin(), "known1");
        long before = hasher.derivations();
        assertEquals(401, attempt("known1", "wrong-password", null).statusCode());
        long known = hasher.derivations() - before;
        before = hasher.derivations();
        assertEquals(401, attempt("nobody-by-this-name", "wrong-password", null).statusCode());
        long unknown = hasher.derivations() - before;
        assertEquals(1, known);
        assertEquals(known, unknown, "an unknown user name must cost the same work as a wrong password");
    }

    @Test
    void aLoginTokenTheServerDidNotIssueOrAnotherOriginIsRefused() {
        Client.newRater(Client.admin(), "planted1");
        // What a page on another port of the same host can do: plant a cookie and post the same value.
        Response planted = given().redirects().follow(false).cookie("ab_login_csrf", "attackerchosen")
                .formParam("username", "planted1").formParam("password", "pw-planted1")
                .formParam("csrf", "attackerchosen").post("/login");
        assertEquals(403, planted.statusCode());
        assertEquals(403, attempt("planted1", "pw-planted1", "http://localhost:9999").statusCode());
        assertEquals(303, attempt("planted1", "pw-planted1", "http://localhost:8081").statusCode());
    }

    @Test
    void passwordHashingIsBoundedSoAFloodCannotTakeEveryCore() throws Exception {
        Client.newRater(Client.admin(), "patient1");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> hog = pool.submit(() -> guard.hashing(() -> { // the test profile allows one hash at a time
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }));
        holding.await();
        try {
            Response busy = attempt("patient1", "pw-patient1", null);
            assertEquals(503, busy.statusCode());
            assertEquals("1", busy.header("Retry-After"));
        } finally {
            release.countDown();
            hog.get();
            pool.shutdown();
        }
        assertEquals(303, attempt("patient1", "pw-patient1", null).statusCode());
    }
}

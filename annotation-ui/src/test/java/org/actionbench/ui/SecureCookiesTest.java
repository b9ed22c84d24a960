package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code actionbench.ui.secure-cookies=true} (behind TLS) every cookie carries Secure. */
@QuarkusTest
@TestProfile(SecureCookiesTest.Secure.class)
class SecureCookiesTest extends DatabaseReset {
    public static class Secure implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("actionbench.ui.secure-cookies", "true");
        }
    }

    @Test
    void theLoginAndSessionCookiesAreSecure() {
        Response page = io.restassured.RestAssured.given().redirects().follow(false).get("/login");
        assertTrue(page.header("Set-Cookie").contains("Secure"), page.header("Set-Cookie"));
        String csrf = Client.find(java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]*)\""), page.asString());
        Response login = io.restassured.RestAssured.given().redirects().follow(false)
                .cookie("ab_login_csrf", page.cookie("ab_login_csrf")).formParam("username", Client.ADMIN)
                .formParam("password", Client.ADMIN_PASSWORD).formParam("csrf", csrf).post("/login");
        for (var h : login.headers().getList("Set-Cookie")) {
            assertTrue(h.getValue().contains("Secure"), h.getValue());
        }
        assertTrue(login.headers().getList("Set-Cookie").stream().anyMatch(h -> h.getValue().startsWith("ab_session=")));
    }
}

package org.actionbench.ui;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A logged-in user agent for REST Assured: keeps the session cookie, reads form tokens out of pages. */
public final class Client {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private static final Pattern IMAGE = Pattern.compile("name=\"image\" value=\"([^\"]*)\"");

    public final String username;
    private final String session;
    private String csrf;
    /** Where the login sent this account: /rate for raters, /admin for admins. */
    private final String home;
    /** Every body this client received, for the blindness checks. */
    public final List<byte[]> received = new ArrayList<>();

    private Client(String username, String session, String home) {
        this.username = username;
        this.session = session;
        this.home = home == null ? "" : home;
    }

    public static Client admin() {
        return login(ADMIN, ADMIN_PASSWORD);
    }

    /** Logs in; a new rater goes past the instructions page, so tests start at the first image. */
    public static Client login(String username, String password) {
        Client c = loginOnly(username, password);
        if (c.home.equals("/rate") && c.get("/rate").asString().contains("id=\"start-rating\"")) {
            assertEquals(303, c.post("/rate/instructions", Map.of()).statusCode());
        }
        return c;
    }

    /** Logs in without going past the instructions page a new rater is shown first. */
    public static Client loginOnly(String username, String password) {
        Response page = given().redirects().follow(false).get("/login");
        String cookie = page.cookie("ab_login_csrf");
        String token = find(CSRF, page.asString());
        Response r = given().redirects().follow(false).cookie("ab_login_csrf", cookie)
                .formParam("username", username).formParam("password", password).formParam("csrf", token)
                .post("/login");
        assertEquals(303, r.statusCode(), () -> "login of " + username + ": " + r.asString());
        String session = r.cookie("ab_session");
        assertNotNull(session);
        Client c = new Client(username, session, r.header("Location"));
        c.received.add(page.asByteArray());
        c.received.add(r.asByteArray());
        return c;
    }

    /** Creates a rater through the admin form and logs them in. */
    public static Client newRater(Client admin, String username) {
        Response r = admin.post("/admin/raters", Map.of("username", username, "password", "pw-" + username,
                "role", "rater"));
        assertEquals(200, r.statusCode(), r::asString);
        return login(username, "pw-" + username);
    }

    public String sessionToken() {
        return session;
    }

    public RequestSpecification spec() {
        return given().redirects().follow(false).cookie("ab_session", session);
    }

    public Response get(String path) {
        Response r = spec().get(path);
        received.add(r.asByteArray());
        return r;
    }

    /** Posts a form with this session's CSRF token (read from {@code tokenPage}). */
    public Response post(String path, Map<String, String> form) {
        return postRaw(path, form, csrf());
    }

    public Response postRaw(String path, Map<String, String> form, String csrf) {
        RequestSpecification s = spec().contentType("application/x-www-form-urlencoded; charset=utf-8");
        form.forEach(s::formParam);
        if (csrf != null) {
            s.formParam("csrf", csrf);
        }
        Response r = s.post(path);
        received.add(r.asByteArray());
        return r;
    }

    /** The session's CSRF token, read from the page of its role. */
    public String csrf() {
        if (csrf != null) {
            return csrf; // fixed for the session's lifetime
        }
        String page = spec().get(username.equals(ADMIN) || username.startsWith("admin") ? "/admin" : "/rate").asString();
        csrf = find(CSRF, page);
        return csrf;
    }

    /** The public id of the image the rating page shows now, or null when there is nothing left. */
    public String currentImage() {
        Response r = get("/rate");
        assertEquals(200, r.statusCode(), r::asString);
        Matcher m = IMAGE.matcher(r.asString());
        return m.find() ? m.group(1) : null;
    }

    /** Judges the current image; returns its public id (null when nothing was left). */
    public String judgeCurrent(String action, String subject) {
        String image = currentImage();
        if (image == null) {
            return null;
        }
        Response r = post("/rate", Map.of("image", image, "action", action, "subject", subject, "ms", "1200"));
        assertEquals(303, r.statusCode(), r::asString);
        return image;
    }

    static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + p + " in " + text);
        }
        return m.group(1);
    }
}

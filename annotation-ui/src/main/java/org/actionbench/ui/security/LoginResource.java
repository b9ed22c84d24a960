package org.actionbench.ui.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.actionbench.ui.UiConfig;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.model.Role;
import org.actionbench.ui.web.Pages;

/**
 * Form login and logout. The login form has no session yet, so its CSRF token is a double-submit cookie (the
 * page sets a random cookie and puts the same value in the form) that this server must also have issued
 * ({@link LoginGuard}), and a login posted from another origin (another port of the same host included, which
 * shares the host's cookies) is refused by its Origin header. Failed logins back off per account and per
 * address, and an unknown user name costs the same password hash as a wrong password.
 */
@Path("/")
public class LoginResource {
    @Inject
    UiConfig config;
    static final String LOGIN_CSRF_COOKIE = "ab_login_csrf";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String csrf, String error);
    }

    @Inject
    SessionStore sessions;
    @Inject
    CurrentSession current;
    @Inject
    PasswordHasher hasher;
    @Inject
    LoginGuard guard;

    @GET
    @Path("login")
    public Response loginPage(@CookieParam(SessionStore.COOKIE) String token) {
        Optional<Session> s = sessions.find(token);
        if (s.isPresent()) {
            return Pages.redirect(home(s.get().role())).build();
        }
        return loginForm(Response.Status.OK, null);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("username") String username, @FormParam("password") String password,
            @FormParam("csrf") String csrf, @CookieParam(LOGIN_CSRF_COOKIE) String cookie,
            @HeaderParam("Origin") String origin, @HeaderParam("Host") String host,
            @Context HttpServerRequest request) {
        if (csrf == null || cookie == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                cookie.getBytes(StandardCharsets.UTF_8)) || !guard.issued(csrf) || !sameOrigin(origin, host)) {
            return loginForm(Response.Status.FORBIDDEN,
                    "The login form expired (missing security token). Please log in again.");
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        Optional<LoginGuard.Refusal> wait = guard.check(username, address);
        if (wait.isPresent()) {
            return loginForm(Response.Status.TOO_MANY_REQUESTS, "Too many failed logins: try again in "
                    + wait.get().retryAfter() + " s.", wait.get().retryAfter());
        }
        Optional<Rater> rater = username == null ? Optional.empty()
                : QuarkusTransaction.requiringNew().call(() -> Rater.byUsername(username.trim()));
        String given = password == null ? "" : password;
        Optional<Boolean> verified = guard.hashing(() -> rater.isPresent()
                ? hasher.verify(given, rater.get().passwordHash) : hasher.verifyUnknown(given));
        if (verified.isEmpty()) {
            return loginForm(Response.Status.SERVICE_UNAVAILABLE, "The server is busy with other logins: try again"
                    + " in a moment.", 1);
        }
        if (!verified.get() || !rater.get().active) {
            guard.failed(username, address);
            return loginForm(Response.Status.UNAUTHORIZED, "Wrong user name or password.");
        }
        guard.succeeded(username);
        guard.used(csrf);
        Role role = rater.get().role;
        Session s = sessions.open(rater.get().id, rater.get().username, role);
        return Pages.redirect(home(role))
                .cookie(sessionCookie(s.token(), -1), loginCookie("", 0))
                .build();
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@FormParam("csrf") String csrf) {
        Session s = current.requireCsrf(csrf);
        sessions.close(s.token());
        return Pages.redirect("/login").cookie(sessionCookie("", 0)).build();
    }

    @GET
    public Response start() {
        return Pages.redirect(home(current.get().role())).build();
    }

    private static String home(Role role) {
        return role == Role.ADMIN ? "/admin" : "/rate";
    }

    private Response loginForm(Response.Status status, String error) {
        return loginForm(status, error, 0);
    }

    /** The login form with a fresh token; {@code retryAfter} > 0 adds a Retry-After header (seconds). */
    private Response loginForm(Response.Status status, String error, long retryAfter) {
        String token = guard.issueLoginToken();
        Response.ResponseBuilder r = Response.status(status).type(Pages.HTML)
                .entity(Templates.login(token, error).render()).cookie(loginCookie(token, -1));
        if (retryAfter > 0) {
            r.header("Retry-After", Long.toString(retryAfter));
        }
        return r.build();
    }

    /** No Origin header (older browsers, tools) passes; one that names another host or port does not. */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null) {
            return true;
        }
        try {
            URI o = URI.create(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host != null && (authority.equalsIgnoreCase(host)
                    || (o.getPort() < 0 && host.equalsIgnoreCase(o.getHost() + ":" + defaultPort(o.getScheme()))));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private NewCookie sessionCookie(String value, int maxAge) {
        return cookie(SessionStore.COOKIE, value, maxAge);
    }

    private NewCookie loginCookie(String value, int maxAge) {
        return cookie(LOGIN_CSRF_COOKIE, value, maxAge);
    }

    private NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).maxAge(maxAge)
                .sameSite(NewCookie.SameSite.STRICT).secure(config.secureCookies()).build();
    }
}

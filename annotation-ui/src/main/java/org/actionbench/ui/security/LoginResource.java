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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.model.Role;
import org.actionbench.ui.web.Pages;

/**
 * Form login and logout. The login form has no session yet, so its CSRF token is a double-submit cookie: the
 * page sets a random cookie and puts the same value in the form; a cross-site form cannot read the cookie.
 */
@Path("/")
public class LoginResource {
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

    @GET
    @Path("login")
    public Response loginPage(@CookieParam(SessionStore.COOKIE) String token) {
        Optional<Session> s = sessions.find(token);
        if (s.isPresent()) {
            return Response.seeOther(URI.create(home(s.get().role()))).build();
        }
        return loginForm(Response.Status.OK, null);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("username") String username, @FormParam("password") String password,
            @FormParam("csrf") String csrf, @CookieParam(LOGIN_CSRF_COOKIE) String cookie) {
        if (csrf == null || cookie == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                cookie.getBytes(StandardCharsets.UTF_8))) {
            return loginForm(Response.Status.FORBIDDEN,
                    "The login form expired (missing security token). Please log in again.");
        }
        Optional<Rater> rater = username == null ? Optional.empty()
                : QuarkusTransaction.requiringNew().call(() -> Rater.byUsername(username.trim()));
        if (rater.isEmpty() || !rater.get().active || password == null
                || !hasher.verify(password, rater.get().passwordHash)) {
            return loginForm(Response.Status.UNAUTHORIZED, "Wrong user name or password.");
        }
        Role role = rater.get().role;
        Session s = sessions.open(rater.get().id, rater.get().username, role);
        return Response.seeOther(URI.create(home(role)))
                .cookie(sessionCookie(s.token(), -1), loginCookie("", 0))
                .build();
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@FormParam("csrf") String csrf) {
        Session s = current.requireCsrf(csrf);
        sessions.close(s.token());
        return Response.seeOther(URI.create("/login")).cookie(sessionCookie("", 0)).build();
    }

    @GET
    public Response start() {
        return Response.seeOther(URI.create(home(current.get().role()))).build();
    }

    private static String home(Role role) {
        return role == Role.ADMIN ? "/admin" : "/rate";
    }

    private static Response loginForm(Response.Status status, String error) {
        String token = Tokens.random(32);
        return Response.status(status).type(Pages.HTML).entity(Templates.login(token, error).render())
                .cookie(loginCookie(token, -1)).build();
    }

    private static NewCookie sessionCookie(String value, int maxAge) {
        return cookie(SessionStore.COOKIE, value, maxAge);
    }

    private static NewCookie loginCookie(String value, int maxAge) {
        return cookie(LOGIN_CSRF_COOKIE, value, maxAge);
    }

    private static NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).maxAge(maxAge)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}

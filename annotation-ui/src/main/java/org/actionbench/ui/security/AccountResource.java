package org.actionbench.ui.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.web.Pages;

/** Every account changes its own password here (current password required). */
@Path("/account")
public class AccountResource {
    public static final int MIN_PASSWORD_LENGTH = 8;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance account(String username, String csrf, String home, String notice, String error);
    }

    @Inject
    CurrentSession current;
    @Inject
    PasswordHasher hasher;
    @Inject
    LoginGuard guard;

    @GET
    public Response show() {
        return page(Response.Status.OK, null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response change(@FormParam("csrf") String csrf, @FormParam("current") String currentPassword,
            @FormParam("password") String password) {
        Session s = current.requireCsrf(csrf);
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            return page(Response.Status.BAD_REQUEST, null, "A password has at least " + MIN_PASSWORD_LENGTH
                    + " characters. Your password is unchanged.");
        }
        String stored = QuarkusTransaction.requiringNew().call(() -> Rater.<Rater>findById(s.raterId()).passwordHash);
        Optional<Boolean> ok = guard.hashing(() -> hasher.verify(currentPassword == null ? "" : currentPassword,
                stored));
        if (ok.isEmpty()) {
            return Response.fromResponse(page(Response.Status.SERVICE_UNAVAILABLE, null, "The server is busy: try"
                    + " again in a moment.")).header("Retry-After", "1").build();
        }
        if (!ok.get()) {
            return page(Response.Status.FORBIDDEN, null, "The current password is wrong. Your password is unchanged.");
        }
        String hash = hasher.hash(password);
        QuarkusTransaction.requiringNew().run(() -> Rater.<Rater>findById(s.raterId()).passwordHash = hash);
        return page(Response.Status.OK, "Your password was changed.", null);
    }

    private Response page(Response.Status status, String notice, String error) {
        Session s = current.get();
        String home = s.role() == org.actionbench.ui.model.Role.ADMIN ? "/admin" : "/rate";
        return Response.status(status).type(Pages.HTML)
                .entity(Templates.account(s.username(), s.csrf(), home, notice, error).render()).build();
    }
}

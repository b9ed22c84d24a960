package org.actionbench.ui.security;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.actionbench.ui.model.Role;
import org.actionbench.ui.web.Pages;

/**
 * Who may see what, in one place: the login page is public; {@code /rate} and {@code /img} are the raters';
 * {@code /admin} is the admins'; exemplars and the start page need any login. Anything else is refused, so a
 * new page is private until listed here.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter {
    enum Access {
        PUBLIC, ANY, RATER, ADMIN
    }

    @Inject
    SessionStore sessions;
    @Inject
    CurrentSession current;

    static Optional<Access> accessOf(String path) {
        if (path.equals("/login") || path.startsWith("/static/")) {
            return Optional.of(Access.PUBLIC);
        }
        if (path.equals("/") || path.equals("/logout") || path.startsWith("/exemplar/") || path.equals("/account")) {
            return Optional.of(Access.ANY);
        }
        if (path.equals("/rate") || path.startsWith("/rate/") || path.startsWith("/img/")) {
            return Optional.of(Access.RATER);
        }
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            return Optional.of(Access.ADMIN);
        }
        return Optional.empty();
    }

    @Override
    public void filter(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        Optional<Access> access = accessOf(path);
        if (access.isEmpty()) {
            ctx.abortWith(Pages.error(Response.Status.NOT_FOUND, "There is no page " + path + "."));
            return;
        }
        if (access.get() == Access.PUBLIC) {
            return;
        }
        Cookie cookie = ctx.getCookies().get(SessionStore.COOKIE);
        Optional<Session> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            if ("GET".equals(ctx.getMethod())) {
                ctx.abortWith(Pages.redirect("/login").build());
            } else {
                ctx.abortWith(Pages.error(Response.Status.UNAUTHORIZED, "You are not logged in (or your session"
                        + " ended). Log in again; nothing you submitted before was lost."));
            }
            return;
        }
        Role role = session.get().role();
        if ((access.get() == Access.RATER && role != Role.RATER)
                || (access.get() == Access.ADMIN && role != Role.ADMIN)) {
            ctx.abortWith(Pages.error(Response.Status.FORBIDDEN,
                    "This page is not for the " + role.id() + " role."));
            return;
        }
        current.set(session.get());
    }
}

package org.actionbench.ui.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.actionbench.ui.web.Pages;

/** The session of the request being served, set by {@link AccessFilter}. */
@RequestScoped
public class CurrentSession {
    private Session session;

    void set(Session session) {
        this.session = session;
    }

    public Session get() {
        if (session == null) {
            throw new IllegalStateException("no session: the access filter did not run for this path");
        }
        return session;
    }

    /**
     * Refuses a form whose CSRF token is not this session's: 403 with a message, before anything is changed.
     */
    public Session requireCsrf(String submitted) {
        Session s = get();
        if (!SessionStore.csrfMatches(s, submitted)) {
            throw new WebApplicationException(Pages.error(Response.Status.FORBIDDEN,
                    "This form is not valid any more (missing or stale security token). Reload the page and try again."));
        }
        return s;
    }
}

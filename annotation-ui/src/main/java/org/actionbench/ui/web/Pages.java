package org.actionbench.ui.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The error page: every refusal is one plain sentence saying what happened and what to do. */
public final class Pages {
    public static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("utf-8");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String message);
    }

    private Pages() {
    }

    /**
     * A 303 to a path of this server, as a relative Location: an absolute one would be built from the request's
     * Host header, which anyone can set.
     */
    public static Response.ResponseBuilder redirect(String path) {
        return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, path);
    }

    public static Response error(Response.Status status, String message) {
        return Response.status(status).type(HTML).entity(Templates.error(status.getStatusCode(), message).render())
                .build();
    }
}

package org.actionbench.ui.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
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

    public static Response error(Response.Status status, String message) {
        return Response.status(status).type(HTML).entity(Templates.error(status.getStatusCode(), message).render())
                .build();
    }
}

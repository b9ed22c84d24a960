package org.actionbench.ui.admin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.actionbench.ui.importer.ServedImages;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.security.CurrentSession;
import org.actionbench.ui.web.Pages;

/**
 * Admins are not blind: they open any image with its method, run and file (from the dashboard's method rows and
 * the flagged images), served as raters get it.
 */
@Path("/admin")
public class AdminImages {
    /** An image as the admin sees it. */
    public record ImageRow(String publicId, String run, String file, String method, String action, String subject) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance images(String username, String csrf, String method, String scope,
                List<ImageRow> images);
    }

    @Inject
    CurrentSession current;
    @Inject
    ServedImages served;
    @Inject
    Runs runs;

    @GET
    @Path("/images")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("run") String run, @QueryParam("method") String method) {
        RunScope scope = runs.select(run, runs.list());
        Optional<String> only = Optional.ofNullable(method).map(String::trim).filter(m -> !m.isEmpty());
        List<ImageRow> rows = QuarkusTransaction.requiringNew().call(() -> {
            var q = Image.getEntityManager().createQuery("select i.publicId, r.label, i.file, i.method, a.actionKey,"
                    + " s.subjectKey from Image i join i.run r join i.action a join i.subject s where 1 = 1"
                    + (scope.isAll() ? "" : " and r.id = :run") + (only.isEmpty() ? "" : " and i.method = :method")
                    + " order by r.id, i.id", Object[].class);
            if (!scope.isAll()) {
                q.setParameter("run", scope.runId());
            }
            only.ifPresent(m -> q.setParameter("method", m));
            return q.getResultList().stream().map(o -> new ImageRow((String) o[0], (String) o[1], (String) o[2],
                    (String) o[3], (String) o[4], (String) o[5])).toList();
        });
        return Templates.images(current.get().username(), current.get().csrf(), only.orElse(null), scope.param(),
                rows);
    }

    @GET
    @Path("/image/{id}")
    public Response image(@PathParam("id") String id) {
        Optional<Object[]> src = QuarkusTransaction.requiringNew().call(() -> Image.getEntityManager().createQuery(
                        "select r.path, i.file, i.sha256 from Image i join i.run r where i.publicId = :p", Object[].class)
                .setParameter("p", id).getResultStream().findFirst());
        if (src.isEmpty()) {
            return Pages.error(Response.Status.NOT_FOUND, "There is no image " + id + ".");
        }
        try {
            return Response.ok(served.bytes(id, Paths.get((String) src.get()[0]).resolve((String) src.get()[1]),
                    Optional.of((String) src.get()[2])), "image/png").header("Cache-Control", "private, max-age=86400")
                    .build();
        } catch (ServedImages.Unavailable e) {
            return Pages.error(Response.Status.GONE, e.getMessage());
        }
    }
}

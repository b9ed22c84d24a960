package org.actionbench.ui.rating;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.nio.file.Paths;
import java.util.Optional;
import org.actionbench.ui.importer.ServedImages;
import org.actionbench.ui.model.Exemplar;
import org.actionbench.ui.security.CurrentSession;
import org.actionbench.ui.web.Pages;

/**
 * Serves images under their public ids, re-encoded by one fixed encoder ({@link ServedImages}), so neither a
 * file's bytes nor its length tell its method. A rater gets a generated image only while it is assigned to them;
 * exemplars go to anyone logged in.
 */
@Path("/")
public class ImageResource {
    @Inject
    CurrentSession current;
    @Inject
    ServedImages served;
    @Inject
    ImagePool pool;
    @Inject
    Assignments assignments;

    private record Source(String publicId, String path, Optional<String> sha256) {
    }

    @GET
    @Path("img/{id}")
    public Response image(@PathParam("id") String id) {
        long rater = current.get().raterId();
        Optional<Source> src = pool.byPublicId(id).filter(image -> assignments.hasHad(rater, image.id()))
                .map(image -> new Source(id, image.source().toString(), Optional.of(image.sha256())));
        if (src.isEmpty()) {
            return Pages.error(Response.Status.NOT_FOUND, "No image " + id + " is assigned to you.");
        }
        return serve(src.get());
    }

    @GET
    @Path("exemplar/{id}")
    public Response exemplar(@PathParam("id") String id) {
        Optional<Source> src = QuarkusTransaction.requiringNew().call(() -> Exemplar.<Exemplar>find("publicId", id)
                .firstResultOptional()
                .map(e -> new Source("exemplar-" + id, Paths.get(e.action.run.benchPath).resolve(e.file).toString(),
                        Optional.empty())));
        if (src.isEmpty()) {
            return Pages.error(Response.Status.NOT_FOUND, "There is no exemplar " + id + ".");
        }
        return serve(src.get());
    }

    private Response serve(Source src) {
        try {
            return Response.ok(served.bytes(src.publicId(), Paths.get(src.path()), src.sha256()), "image/png")
                    .header("Cache-Control", "private, max-age=86400").build();
        } catch (ServedImages.Unavailable e) {
            return Pages.error(Response.Status.GONE, e.getMessage());
        }
    }
}

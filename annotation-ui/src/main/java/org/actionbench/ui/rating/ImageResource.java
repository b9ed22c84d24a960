package org.actionbench.ui.rating;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Optional;
import org.actionbench.ui.importer.Hashes;
import org.actionbench.ui.importer.PngSanitizer;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Exemplar;
import org.actionbench.ui.security.CurrentSession;
import org.actionbench.ui.web.Pages;

/**
 * Serves images under their public ids, with every non-pixel chunk stripped ({@link PngSanitizer}). A rater
 * gets a generated image only while it is assigned to them; exemplars go to anyone logged in.
 */
@Path("/")
public class ImageResource {
    @Inject
    CurrentSession current;

    private record Source(String path, String sha256) {
    }

    @GET
    @Path("img/{id}")
    public Response image(@PathParam("id") String id) {
        long rater = current.get().raterId();
        Optional<Source> src = QuarkusTransaction.requiringNew().call(() -> Assignment.<Assignment>find(
                        "rater.id = ?1 and image.publicId = ?2", rater, id).firstResultOptional()
                .map(a -> new Source(Paths.get(a.image.run.path).resolve(a.image.file).toString(), a.image.sha256)));
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
                .map(e -> new Source(Paths.get(e.action.run.benchPath).resolve(e.file).toString(), null)));
        if (src.isEmpty()) {
            return Pages.error(Response.Status.NOT_FOUND, "There is no exemplar " + id + ".");
        }
        return serve(src.get());
    }

    private static Response serve(Source src) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Paths.get(src.path()));
        } catch (IOException e) {
            return Pages.error(Response.Status.GONE, "This image is no longer on the server's disk; tell the admin.");
        }
        if (src.sha256() != null && !src.sha256().equals(Hashes.sha256(bytes))) {
            return Pages.error(Response.Status.GONE, "This image changed on disk since it was imported; tell the admin.");
        }
        try {
            return Response.ok(PngSanitizer.sanitize(bytes), "image/png")
                    .header("Cache-Control", "private, max-age=86400").build();
        } catch (PngSanitizer.NotPngException e) {
            return Pages.error(Response.Status.GONE, "This image is damaged on disk; tell the admin.");
        }
    }
}

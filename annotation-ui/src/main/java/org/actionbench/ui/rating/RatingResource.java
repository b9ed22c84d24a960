package org.actionbench.ui.rating;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.actionbench.data.run.Verdict;
import org.actionbench.ui.security.CurrentSession;
import org.actionbench.ui.security.Session;
import org.actionbench.ui.web.Pages;

/** The rater's pages: the current image with the paper's two questions, submit, undo. */
@Path("/rate")
public class RatingResource {
    /** Notices after a redirect, by code, so no text from a URL is ever echoed into the page. */
    private static final Map<String, String> NOTICES = Map.of(
            "already", "That image was already judged; your first answer was kept.",
            "undone", "Your last judgement was taken back: your answers are selected; change them and submit.",
            "nothing", "There is no judgement to undo.",
            "flagged", "The image was flagged as broken for the admin; here is the next one.",
            "notneeded", "That image had meanwhile been judged by enough raters, so your answer was not needed; here"
                    + " is the next one.",
            "locked", "That judgement could not be saved: the database held a lock on the image. The admin is told;"
                    + " here is the next image.");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rate(RatingView view);

        static native TemplateInstance instructions(InstructionsView view);

        static native TemplateInstance done(Progress progress, String csrf, boolean canUndo, String notice,
                String username);
    }

    @Inject
    CurrentSession current;
    @Inject
    Assignments assignments;
    @Inject
    RatingPage page;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(@QueryParam("notice") String notice) {
        Session s = current.get();
        if (!s.instructionsRead() && assignments.judged(s.raterId()) == 0) {
            return Templates.instructions(page.instructions(s, true)); // a new rater reads them before any image
        }
        Assignments.Now now = assignments.now(s.raterId());
        String text = notice == null ? null : NOTICES.get(notice);
        if (now.open().isEmpty()) {
            return Templates.done(now.progress(), s.csrf(), now.canUndo(), text, s.username());
        }
        return Templates.rate(page.view(now.open().get(), now.progress(), s, now.canUndo(), text));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response judge(@FormParam("csrf") String csrf, @FormParam("image") String image,
            @FormParam("action") String action, @FormParam("subject") String subject, @FormParam("ms") String ms) {
        Session s = current.requireCsrf(csrf);
        if (image == null || image.isBlank()) {
            return Pages.error(Response.Status.BAD_REQUEST, "The form names no image; reload the rating page.");
        }
        Optional<Verdict> a = action == null ? Optional.empty() : Verdict.fromCsvName(action);
        Optional<Verdict> b = subject == null ? Optional.empty() : Verdict.fromCsvName(subject);
        if (a.isEmpty() || b.isEmpty()) {
            return Pages.error(Response.Status.BAD_REQUEST, "Answer both questions with yes, no or unsure (the action"
                    + " answer was \"" + (action == null ? "" : action) + "\", the subject answer \""
                    + (subject == null ? "" : subject) + "\"). Nothing was recorded.");
        }
        long millis;
        try {
            millis = ms == null || ms.isBlank() ? 0 : Long.parseLong(ms.trim());
        } catch (NumberFormatException e) {
            millis = 0; // the page's own timer; a bad value costs the timing, never the judgement
        }
        try {
            Assignments.Outcome outcome = assignments.judge(s.raterId(), image.trim(), a.get(), b.get(), millis);
            return Pages.redirect(switch (outcome) {
                case SAVED -> "/rate";
                case ALREADY_JUDGED -> "/rate?notice=already";
                case NOT_NEEDED -> "/rate?notice=notneeded";
                case LOCKED -> "/rate?notice=locked";
            }).build();
        } catch (NotAssignedException e) {
            return Pages.error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    /** "Flag: broken image": not a judgement; the admin sees the flag, the rater gets another image. */
    @POST
    @Path("/flag")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response flag(@FormParam("csrf") String csrf, @FormParam("image") String image) {
        Session s = current.requireCsrf(csrf);
        if (image == null || image.isBlank()) {
            return Pages.error(Response.Status.BAD_REQUEST, "The form names no image; reload the rating page.");
        }
        try {
            assignments.flagBroken(s.raterId(), image.trim());
            return Pages.redirect("/rate?notice=flagged").build();
        } catch (NotAssignedException e) {
            return Pages.error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    @GET
    @Path("/instructions")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance instructions() {
        return Templates.instructions(page.instructions(current.get(), false));
    }

    /** "Start rating" on the instructions page. */
    @POST
    @Path("/instructions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response instructionsRead(@FormParam("csrf") String csrf) {
        current.requireCsrf(csrf).markInstructionsRead();
        return Pages.redirect("/rate").build();
    }

    @POST
    @Path("/undo")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response undo(@FormParam("csrf") String csrf) {
        Session s = current.requireCsrf(csrf);
        boolean undone = assignments.undo(s.raterId());
        return Pages.redirect(undone ? "/rate?notice=undone" : "/rate?notice=nothing").build();
    }
}

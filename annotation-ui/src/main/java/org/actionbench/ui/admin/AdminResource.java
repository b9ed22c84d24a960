package org.actionbench.ui.admin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.reports.Report;
import org.actionbench.ui.importer.ImportException;
import org.actionbench.ui.importer.ImportReport;
import org.actionbench.ui.importer.RunImporter;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.model.Role;
import org.actionbench.ui.rating.Assignments;
import org.actionbench.ui.rating.ImagePool;
import org.actionbench.ui.rating.Settings;
import org.actionbench.ui.security.AccountResource;
import org.actionbench.ui.security.CurrentSession;
import org.actionbench.ui.security.PasswordHasher;
import org.actionbench.ui.security.Session;
import org.actionbench.ui.security.SessionStore;
import org.actionbench.ui.security.Tokens;
import org.actionbench.ui.web.Pages;

/** The admin dashboard: import, raters, k, progress, the live accuracy table, downloads. */
@Path("/admin")
public class AdminResource {
    /** Starts with a letter or digit: a name starting with = + - @ would be a formula in a spreadsheet. */
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final int MIN_PASSWORD_LENGTH = AccountResource.MIN_PASSWORD_LENGTH;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(DashboardView view);
    }

    @Inject
    CurrentSession current;
    @Inject
    Dashboard dashboard;
    @Inject
    RunImporter importer;
    @Inject
    Settings settings;
    @Inject
    PasswordHasher hasher;
    @Inject
    SessionStore sessions;
    @Inject
    Assignments assignments;
    @Inject
    JudgementExport export;
    @Inject
    Runs runs;
    @Inject
    ImagePool pool;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@QueryParam("run") String run) {
        return page(Response.Status.OK, run, null, List.of(), null);
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importRun(@FormParam("csrf") String csrf, @FormParam("path") String path,
            @FormParam("bench") String bench, @FormParam("label") String label) {
        current.requireCsrf(csrf);
        if (path == null || path.isBlank()) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), "Give the path of a run directory to import.");
        }
        try {
            Optional<java.nio.file.Path> benchDir = bench == null || bench.isBlank() ? Optional.empty()
                    : Optional.of(Paths.get(bench.trim()));
            Optional<String> name = label == null || label.isBlank() ? Optional.empty() : Optional.of(label.trim());
            ImportReport report = importer.importRun(Paths.get(path.trim()), benchDir, name);
            return page(Response.Status.OK, report.summary(), report.problems(), null);
        } catch (ImportException e) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), "Nothing was imported: " + e.getMessage());
        } catch (InvalidPathException e) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), "Nothing was imported: \"" + path
                    + "\" is not a valid path (" + e.getReason() + ").");
        }
    }

    @POST
    @Path("/raters")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addRater(@FormParam("csrf") String csrf, @FormParam("username") String username,
            @FormParam("password") String password, @FormParam("role") String role) {
        current.requireCsrf(csrf);
        String name = username == null ? "" : username.trim();
        if (!USERNAME.matcher(name).matches()) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), "A user name is 1 to 100 letters, digits,"
                    + " '.', '_', '@' or '-', starting with a letter or digit.");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), "A password has at least "
                    + MIN_PASSWORD_LENGTH + " characters.");
        }
        Optional<Role> r = role == null ? Optional.of(Role.RATER) : Role.of(role);
        if (r.isEmpty()) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), "The role is rater or admin, not \"" + role
                    + "\".");
        }
        String hash = hasher.hash(password);
        boolean created = QuarkusTransaction.requiringNew().call(() -> {
            if (Rater.byUsername(name).isPresent()) {
                return false;
            }
            Rater rater = new Rater();
            rater.username = name;
            rater.passwordHash = hash;
            rater.role = r.get();
            rater.active = true;
            rater.orderSeed = Tokens.randomLong();
            rater.createdAt = Instant.now();
            rater.persist();
            return true;
        });
        pool.ratersChanged();
        return created ? page(Response.Status.OK, "Created the " + r.get().id() + " account \"" + name + "\".",
                List.of(), null)
                : page(Response.Status.CONFLICT, null, List.of(), "There is already an account \"" + name + "\".");
    }

    @POST
    @Path("/raters/{id}/active")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setActive(@PathParam("id") long id, @FormParam("csrf") String csrf,
            @FormParam("active") String activeField) {
        Session self = current.requireCsrf(csrf);
        if (!"true".equals(activeField) && !"false".equals(activeField)) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), "The field active is true or false, not \""
                    + activeField + "\"; nothing was changed.");
        }
        boolean active = Boolean.parseBoolean(activeField);
        if (id == self.raterId() && !active) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), "You cannot deactivate your own account.");
        }
        Optional<String> name = QuarkusTransaction.requiringNew().call(() -> {
            Rater rater = Rater.findById(id);
            if (rater == null) {
                return Optional.<String>empty();
            }
            rater.active = active;
            return Optional.of(rater.username);
        });
        if (name.isEmpty()) {
            return page(Response.Status.NOT_FOUND, null, List.of(), "There is no account " + id + ".");
        }
        pool.ratersChanged();
        if (!active) {
            sessions.closeAll(id);
            assignments.releaseOpen(id);
        }
        return page(Response.Status.OK, (active ? "Activated " : "Deactivated ") + "\"" + name.get() + "\""
                + (active ? "." : "; their open images went back to the pool, their judgements stay."), List.of(), null);
    }

    @POST
    @Path("/raters/{id}/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resetPassword(@PathParam("id") long id, @FormParam("csrf") String csrf,
            @FormParam("password") String password) {
        current.requireCsrf(csrf);
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), "A password has at least "
                    + MIN_PASSWORD_LENGTH + " characters; nothing was changed.");
        }
        String hash = hasher.hash(password);
        Optional<String> name = QuarkusTransaction.requiringNew().call(() -> {
            Rater rater = Rater.findById(id);
            if (rater == null) {
                return Optional.<String>empty();
            }
            rater.passwordHash = hash;
            return Optional.of(rater.username);
        });
        if (name.isEmpty()) {
            return page(Response.Status.NOT_FOUND, null, List.of(), "There is no account " + id + ".");
        }
        sessions.closeAll(id); // whoever knew the old password is logged out
        return page(Response.Status.OK, "Set a new password for \"" + name.get() + "\"; tell them, and they can"
                + " change it under Password.", List.of(), null);
    }

    @POST
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveSettings(@FormParam("csrf") String csrf, @FormParam("ratersPerImage") String k) {
        current.requireCsrf(csrf);
        try {
            int n = Integer.parseInt(k == null ? "" : k.trim());
            QuarkusTransaction.requiringNew().run(() -> settings.setRatersPerImage(n));
            return page(Response.Status.OK, "Each image is now judged by up to " + n + " rater" + (n == 1 ? "" : "s")
                    + ".", List.of(), null);
        } catch (IllegalArgumentException e) {
            return page(Response.Status.BAD_REQUEST, null, List.of(), e instanceof NumberFormatException
                    ? "Raters per image must be a whole number, not \"" + k + "\"." : e.getMessage());
        }
    }

    @GET
    @Path("/export/judgements.csv")
    public Response judgementsCsv(@QueryParam("run") String run) {
        StringWriter out = new StringWriter();
        try {
            JudgementCsv.write(out, SpreadsheetSafe.judgements(export.of(runs.select(run, runs.list()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return Response.ok(out.toString(), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"judgements.csv\"").build();
    }

    @GET
    @Path("/export/report.xlsx")
    public Response reportXlsx(@QueryParam("run") String run) {
        List<Runs.RunInfo> infos = runs.list();
        RunScope scope = runs.select(run, infos);
        // The workbook lists methods as they first occur in its input: sorted (stably) into the run's order.
        List<Judgement> all = export.of(scope).stream().sorted(Comparator.comparing(Judgement::method,
                Runs.byMethodOrder(Runs.methodOrder(infos, scope)))).toList();
        if (all.isEmpty()) {
            return Pages.error(Response.Status.CONFLICT, "There are no judgements yet, so there is no report.");
        }
        Report report = Report.of(all); // built before the response starts, so a bad judgement is a clean error
        StreamingOutput body = report::writeXlsx;
        return Response.ok(body, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .header("Content-Disposition", "attachment; filename=\"actionbench-report.xlsx\"").build();
    }

    private Response page(Response.Status status, String notice, List<String> problems, String error) {
        return page(status, null, notice, problems, error);
    }

    private Response page(Response.Status status, String run, String notice, List<String> problems, String error) {
        DashboardView view = dashboard.view(current.get(), run, notice, problems, error);
        return Response.status(status).type(Pages.HTML).entity(Templates.dashboard(view).render()).build();
    }
}

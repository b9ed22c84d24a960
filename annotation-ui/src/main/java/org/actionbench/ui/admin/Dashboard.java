package org.actionbench.ui.admin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.actionbench.data.run.Judgement;
import org.actionbench.reports.Accuracy;
import org.actionbench.reports.AccuracyRow;
import org.actionbench.reports.Report;
import org.actionbench.ui.admin.DashboardView.AccuracyLine;
import org.actionbench.ui.admin.DashboardView.AgreementLine;
import org.actionbench.ui.admin.DashboardView.MethodRow;
import org.actionbench.ui.admin.DashboardView.RaterRow;
import org.actionbench.ui.admin.DashboardView.RunRow;
import org.actionbench.ui.admin.DashboardView.StuckImage;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.model.Role;
import org.actionbench.ui.rating.ImagePool;
import org.actionbench.ui.rating.LockedImages;
import org.actionbench.ui.rating.Settings;
import org.actionbench.ui.security.Session;

/** Gathers the dashboard: runs, raters, progress per rater and method, and the live report. */
@ApplicationScoped
public class Dashboard {
    /** Bootstrap replicates for the live page (the Excel export uses the report's default). */
    static final int LIVE_REPLICATES = 1000;
    private final Settings settings;
    private final JudgementExport export;
    private final LockedImages locks;
    private final Runs runs;
    private final ImagePool pool;

    public Dashboard(Settings settings, JudgementExport export, LockedImages locks, Runs runs, ImagePool pool) {
        this.pool = pool;
        this.settings = settings;
        this.export = export;
        this.locks = locks;
        this.runs = runs;
    }

    /** The dashboard of the runs the {@code run} query parameter selects ({@link Runs#select}). */
    public DashboardView view(Session session, String runParam, String notice, List<String> problems, String error) {
        List<Runs.RunInfo> infos = runs.list();
        RunScope scope = infos.isEmpty() ? RunScope.all() : runs.select(runParam, infos);
        List<Judgement> judgements = export.of(scope);
        // Images of the scope; "i" is the image's alias in every query below.
        String inScope = scope.isAll() ? "" : " and i.run.id = " + scope.runId();
        return QuarkusTransaction.requiringNew().call(() -> {
            var em = Assignment.getEntityManager();
            int k = settings.ratersPerImage();
            long active = Rater.count("role = ?1 and active = true", Role.RATER);
            List<RunRow> runRows = infos.stream().map(r -> new RunRow(r.id(), r.label(), r.path(), r.benchPath(),
                    r.images(), r.importedAt(), !scope.isAll() && scope.runId() == r.id())).toList();
            String scopeLabel = scope.isAll() ? (infos.size() > 1 ? "all runs" : infos.isEmpty() ? "no run yet"
                    : infos.get(0).label()) : runRows.stream().filter(RunRow::selected).findFirst().orElseThrow().label();
            List<RaterRow> raters = em.createQuery("select r.id, r.username, r.role, r.active,"
                            + " (select count(a) from Assignment a where a.rater = r and a.judgedAt is not null),"
                            + " (select count(a) from Assignment a where a.rater = r and a.judgedAt is null)"
                            + " from Rater r order by r.username", Object[].class).getResultList().stream()
                    // open: rows an undo reopened, and images shown and not judged yet (claims, held in memory)
                    .map(o -> new RaterRow((Long) o[0], (String) o[1], ((Role) o[2]).id(), (Boolean) o[3], (Long) o[4],
                            (Long) o[5] + pool.claimCount((Long) o[0])))
                    .toList();
            long needed = Math.max(1, Math.min(k, active));
            Map<String, Long> judgedByMethod = new HashMap<>();
            em.createQuery("select i.method, count(a) from Assignment a join a.image i where a.judgedAt is not null"
                    + inScope + " group by i.method", Object[].class).getResultList()
                    .forEach(o -> judgedByMethod.put((String) o[0], (Long) o[1]));
            Map<String, Long> completeByMethod = new HashMap<>();
            em.createQuery("select i.method, i.id from Assignment a join a.image i where a.judgedAt is not null"
                            + inScope + " group by i.method, i.id having count(a) >= :n", Object[].class)
                    .setParameter("n", needed).getResultList()
                    .forEach(o -> completeByMethod.merge((String) o[0], 1L, Long::sum));
            // In the run's own order (its spec's), not alphabetically or as first judged.
            List<String> order = Runs.methodOrder(infos, scope);
            Comparator<String> byRunOrder = Runs.byMethodOrder(order);
            List<MethodRow> methods = em.createQuery("select i.method, count(i) from Image i where 1 = 1" + inScope
                            + " group by i.method", Object[].class).getResultList().stream()
                    .map(o -> new MethodRow((String) o[0], (Long) o[1], judgedByMethod.getOrDefault(o[0], 0L),
                            completeByMethod.getOrDefault(o[0], 0L)))
                    .sorted(Comparator.comparing(MethodRow::method, byRunOrder))
                    .toList();
            // Judgements beyond what an image needs (k lowered later) do not count towards the needed ones.
            long done = em.createQuery("select count(a) from Assignment a join a.image i where a.judgedAt is not null"
                    + inScope + " group by i.id", Long.class).getResultList().stream()
                    .mapToLong(n -> Math.min(n, needed)).sum();
            long images = methods.stream().mapToLong(MethodRow::images).sum();
            List<AccuracyLine> accuracy = new ArrayList<>();
            List<AgreementLine> agreement = new ArrayList<>();
            String chart = "";
            if (!judgements.isEmpty()) {
                Report report = Report.of(judgements, LIVE_REPLICATES, Report.DEFAULT_SEED);
                for (AccuracyRow row : report.byMethod()) {
                    Accuracy a = row.byImage();
                    accuracy.add(new AccuracyLine(row.method(), a.total().total(), a.action().percentText(),
                            a.action().intervalText(), a.subject().percentText(), a.subject().intervalText(),
                            a.total().percentText(), a.total().intervalText(), row.byJudgement().total().total(),
                            row.byJudgement().total().percentText()));
                }
                report.agreement().forEach(r -> agreement.add(new AgreementLine(r.question(), r.images(),
                        r.pairableImages(), text(r.fleissKappa()), text(r.krippendorffAlpha()), r.note())));
                accuracy.sort(Comparator.comparing(AccuracyLine::method,
                        byRunOrder));
                chart = AccuracyChart.svg(report.byMethod().stream().sorted(Comparator.comparing(AccuracyRow::method,
                        byRunOrder)).toList());
            }
            List<StuckImage> stuck = locks.stuck().stream().map(t -> {
                Image i = Image.findById(t.imageId());
                return new StuckImage(i.run.label, i.file, i.method, t.timeouts(), t.first().toString());
            }).toList();
            List<DashboardView.FlaggedImage> flagged = em.createQuery("select i.publicId, i.run.label, i.file,"
                    + " i.method, f.rater.username, f.flaggedAt from ImageFlag f join f.image i where 1 = 1" + inScope
                    + " order by f.flaggedAt desc, f.id desc", Object[].class).getResultList().stream()
                    .map(o -> new DashboardView.FlaggedImage((String) o[0], (String) o[1], (String) o[2],
                            (String) o[3], (String) o[4], o[5].toString())).toList();
            return new DashboardView(session.username(), session.csrf(), notice, problems, error, k, (int) active,
                    runRows, scope.param(), scopeLabel, Runs.poolable(infos), raters, methods, accuracy, agreement, chart, judgements.size(), stuck,
                    new DashboardView.Overall(done, images * needed), flagged);
        });
    }

    private static String text(OptionalDouble d) {
        return d.isPresent() ? String.format(Locale.ROOT, "%.3f", d.getAsDouble()) : "n/a";
    }
}

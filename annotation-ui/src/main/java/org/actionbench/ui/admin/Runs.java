package org.actionbench.ui.admin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.actionbench.ui.model.Image;
import org.actionbench.ui.model.Run;
import org.actionbench.ui.web.Pages;

/**
 * The imported runs and which of them the dashboard and the exports cover. Judgements of different runs are
 * pooled only when the runs were made from the same bench and the same methods; otherwise one run is chosen.
 */
@ApplicationScoped
public class Runs {
    /** A run as the admin sees it. */
    public record RunInfo(long id, String label, String path, String benchPath, long images, String importedAt,
            Set<String> methods, List<String> methodOrder) {
    }

    public List<RunInfo> list() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<RunInfo> out = new ArrayList<>();
            for (Run r : Run.<Run>list("order by id")) {
                // by first imported image, for methods the spec's order does not name
                List<String> imported = Image.getEntityManager().createQuery("select i.method from Image i"
                                + " where i.run = :r group by i.method order by min(i.id)", String.class)
                        .setParameter("r", r).getResultList();
                Set<String> methods = new TreeSet<>(imported);
                List<String> order = new ArrayList<>();
                if (r.methodOrder != null) {
                    Arrays.stream(r.methodOrder.split("\n")).filter(methods::contains).forEach(order::add);
                }
                imported.stream().filter(m -> !order.contains(m)).forEach(order::add);
                out.add(new RunInfo(r.id, r.label, r.path, r.benchPath, Image.count("run", r),
                        r.importedAt.toString(), methods, order));
            }
            return out;
        });
    }

    /** The methods of the runs in {@code scope}, each run's in its spec's order, earlier runs first. */
    public static List<String> methodOrder(List<RunInfo> runs, RunScope scope) {
        List<String> out = new ArrayList<>();
        runs.stream().filter(r -> scope.isAll() || r.id() == scope.runId()).flatMap(r -> r.methodOrder().stream())
                .filter(m -> !out.contains(m)).forEach(out::add);
        return out;
    }

    /** Methods in {@code order} first, in that order; any other after them, alphabetically. */
    public static Comparator<String> byMethodOrder(List<String> order) {
        Comparator<String> byIndex = Comparator.comparingInt(m -> order.indexOf(m) < 0 ? Integer.MAX_VALUE
                : order.indexOf(m));
        return byIndex.thenComparing(Comparator.naturalOrder());
    }

    /** Whether the runs may be pooled: the same bench directory and the same methods (true for one run). */
    public static boolean poolable(List<RunInfo> runs) {
        return runs.stream().map(r -> r.benchPath() + "\n" + r.methods()).distinct().count() <= 1;
    }

    /**
     * The scope the {@code run} query parameter asks for: a run's id, or {@value RunScope#ALL}; without one,
     * all runs when they may be pooled, else the latest import.
     *
     * @throws WebApplicationException 404 for an unknown run, 400 for pooling runs that may not be pooled
     */
    public RunScope select(String param, List<RunInfo> runs) {
        if (param == null || param.isBlank()) {
            return poolable(runs) ? RunScope.all() : new RunScope(runs.get(runs.size() - 1).id());
        }
        if (param.equals(RunScope.ALL)) {
            if (!poolable(runs)) {
                throw new WebApplicationException(Pages.error(Response.Status.BAD_REQUEST, "These runs were not made"
                        + " from the same bench and methods, so their judgements are not pooled; choose one run."));
            }
            return RunScope.all();
        }
        for (RunInfo r : runs) {
            if (Long.toString(r.id()).equals(param.trim())) {
                return new RunScope(r.id());
            }
        }
        throw new WebApplicationException(Pages.error(Response.Status.NOT_FOUND, "There is no run " + param + "."));
    }
}

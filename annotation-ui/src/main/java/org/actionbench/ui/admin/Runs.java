package org.actionbench.ui.admin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
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
            Set<String> methods) {
    }

    public List<RunInfo> list() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<RunInfo> out = new ArrayList<>();
            for (Run r : Run.<Run>list("order by id")) {
                Set<String> methods = new TreeSet<>(Image.getEntityManager().createQuery(
                        "select distinct i.method from Image i where i.run = :r", String.class)
                        .setParameter("r", r).getResultList());
                out.add(new RunInfo(r.id, r.label, r.path, r.benchPath, Image.count("run", r),
                        r.importedAt.toString(), methods));
            }
            return out;
        });
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

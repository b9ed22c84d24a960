package org.actionbench.ui.admin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;
import java.util.List;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.run.Judgement;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Run;

/**
 * The stored judgements of a {@link RunScope} as the data module's {@link Judgement} (the rows of the judgement
 * CSV, ARCHITECTURE.md §2). {@code image} is the run-relative file; when the scope pools several runs it is prefixed
 * with the run's label (unique), so images of different runs never merge.
 */
@ApplicationScoped
public class JudgementExport {
    public List<Judgement> of(RunScope scope) {
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean prefix = scope.isAll() && Run.count() > 1;
            TypedQuery<JudgementRow> q = Assignment.getEntityManager().createQuery("select new "
                    + JudgementRow.class.getName() + "(r.username, run.label, i.file, i.method, act.actionKey,"
                    + " s.subjectKey, s.group, a.actionVerdict, a.subjectVerdict)"
                    + " from Assignment a join a.rater r join a.image i join i.action act join i.subject s"
                    + " join i.run run where a.judgedAt is not null" + (scope.isAll() ? "" : " and run.id = :run")
                    + " order by a.judgedAt, a.id", JudgementRow.class);
            if (!scope.isAll()) {
                q.setParameter("run", scope.runId());
            }
            return q.getResultList().stream()
                    .map(row -> new Judgement(row.rater(), prefix ? row.runLabel() + "/" + row.file() : row.file(),
                            row.method(), row.action(), row.subject(),
                            SubjectGroup.fromJsonName(row.group()).orElseThrow(), row.actionVerdict(),
                            row.subjectVerdict()))
                    .toList();
        });
    }
}

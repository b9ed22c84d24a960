package org.actionbench.ui.admin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.Verdict;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Run;

/**
 * Every stored judgement as the data module's {@link Judgement} (the rows of the judgement CSV, DESIGN.md §6).
 * {@code image} is the run-relative file; when several runs are imported it is prefixed with the run's
 * directory name, so images of different runs never merge.
 */
@ApplicationScoped
public class JudgementExport {
    public List<Judgement> all() {
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean prefix = Run.count() > 1;
            return Assignment.getEntityManager().createQuery("select r.username, i.file, i.method, act.actionKey,"
                            + " s.subjectKey, s.group, a.actionVerdict, a.subjectVerdict, run.label"
                            + " from Assignment a join a.rater r join a.image i join i.action act join i.subject s"
                            + " join i.run run where a.judgedAt is not null order by a.judgedAt, a.id", Object[].class)
                    .getResultList().stream()
                    .map(row -> new Judgement((String) row[0], prefix ? row[8] + "/" + row[1] : (String) row[1],
                            (String) row[2], (String) row[3], (String) row[4],
                            SubjectGroup.fromJsonName((String) row[5]).orElseThrow(),
                            Verdict.fromCsvName((String) row[6]).orElseThrow(),
                            Verdict.fromCsvName((String) row[7]).orElseThrow()))
                    .toList();
        });
    }
}

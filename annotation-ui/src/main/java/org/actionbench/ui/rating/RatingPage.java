package org.actionbench.ui.rating;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.BenchAction;
import org.actionbench.ui.model.Exemplar;
import org.actionbench.ui.model.Subject;
import org.actionbench.ui.security.Session;

/**
 * Builds the rating page's view of one assignment. An import never changes stored bench texts, so the action's
 * name, description and exemplar ids and the subject's text are read once and kept in memory.
 */
@ApplicationScoped
public class RatingPage {
    private record ActionText(String name, String description, List<String> exemplarIds) {
    }

    private final Map<Long, ActionText> actions = new ConcurrentHashMap<>();
    private final Map<Long, String> subjects = new ConcurrentHashMap<>();

    public RatingView view(long assignmentId, Progress progress, Session session, boolean canUndo, String notice) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = Assignment.getEntityManager().createQuery("select i.publicId, i.action.id, i.subject.id"
                    + " from Assignment a join a.image i where a.id = :a", Object[].class)
                    .setParameter("a", assignmentId).getSingleResult();
            ActionText action = actions.computeIfAbsent((Long) row[1], id -> {
                BenchAction a = BenchAction.findById(id);
                return new ActionText(a.name, a.description, Exemplar.<Exemplar>find("action = ?1 order by index", a)
                        .stream().map(e -> e.publicId).toList());
            });
            String subject = subjects.computeIfAbsent((Long) row[2], id -> Subject.<Subject>findById(id).text);
            return new RatingView((String) row[0], action.name(), action.description(), action.exemplarIds(),
                    subject, progress, session.csrf(), canUndo, notice, session.username());
        });
    }

    /** Forgets the texts (after the database was replaced under the server: tests). */
    public void forget() {
        actions.clear();
        subjects.clear();
    }
}

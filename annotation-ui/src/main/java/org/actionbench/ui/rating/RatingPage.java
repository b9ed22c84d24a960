package org.actionbench.ui.rating;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.actionbench.ui.model.Assignment;
import org.actionbench.ui.model.Exemplar;
import org.actionbench.ui.security.Session;

/** Builds the rating page's view of one assignment. */
@ApplicationScoped
public class RatingPage {
    public RatingView view(long assignmentId, Progress progress, Session session, boolean canUndo, String notice) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Assignment a = Assignment.findById(assignmentId);
            List<String> exemplars = Exemplar.<Exemplar>find("action = ?1 order by index", a.image.action).stream()
                    .map(e -> e.publicId).toList();
            return new RatingView(a.image.publicId, a.image.action.name, a.image.action.description, exemplars,
                    a.image.subject.text, progress, session.csrf(), canUndo, notice, session.username());
        });
    }
}

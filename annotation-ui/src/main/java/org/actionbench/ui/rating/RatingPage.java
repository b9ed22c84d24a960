package org.actionbench.ui.rating;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.actionbench.ui.model.BenchAction;
import org.actionbench.ui.model.Exemplar;
import org.actionbench.ui.model.Subject;
import org.actionbench.ui.security.Session;

/**
 * Builds the rating page's view of one open assignment. An import never changes stored bench texts, so the
 * action's name, description and exemplar ids and the subject's text are read once and kept in memory; the
 * image's ids come from {@link ImagePool}. A page that shows an image already seen runs no query here.
 */
@ApplicationScoped
public class RatingPage {
    private record ActionText(String name, String description, List<String> exemplarIds) {
    }

    private final Map<Long, ActionText> actions = new ConcurrentHashMap<>();
    private final Map<Long, String> subjects = new ConcurrentHashMap<>();
    private final ImagePool pool;

    public RatingPage(ImagePool pool) {
        this.pool = pool;
    }

    public RatingView view(Assignments.Open open, Progress progress, Session session, boolean canUndo,
            String notice) {
        ImagePool.PoolImage image = pool.image(open.imageId()).orElseThrow(() -> new IllegalStateException(
                "image " + open.imageId() + " is assigned but not in the database"));
        ActionText action = action(image.actionId());
        String subject = subjects.computeIfAbsent(image.subjectId(), id -> QuarkusTransaction.requiringNew().call(
                () -> Subject.<Subject>findById(id).text));
        return new RatingView(image.publicId(), action.name(), action.description(), action.exemplarIds(), subject,
                open.action() == null ? null : open.action().csvName(),
                open.subject() == null ? null : open.subject().csvName(),
                progress, session.csrf(), canUndo, notice, session.username());
    }

    /** The instructions page, with the first action imported as its example. */
    public InstructionsView instructions(Session session, boolean beforeFirstImage) {
        Optional<ActionText> example = QuarkusTransaction.requiringNew().call(() -> BenchAction.<BenchAction>find(
                "order by id").firstResultOptional().map(a -> a.id)).map(this::action);
        return new InstructionsView(example.map(ActionText::name).orElse(null),
                example.map(ActionText::description).orElse(null),
                example.map(ActionText::exemplarIds).orElse(List.of()), beforeFirstImage, session.csrf(),
                session.username());
    }

    private ActionText action(long actionId) {
        return actions.computeIfAbsent(actionId, id -> QuarkusTransaction.requiringNew().call(() -> {
            BenchAction a = BenchAction.findById(id);
            return new ActionText(a.name, a.description, Exemplar.<Exemplar>find("action = ?1 order by index", a)
                    .stream().map(e -> e.publicId).toList());
        }));
    }

    /** Forgets the texts (after the database was replaced under the server: tests). */
    public void forget() {
        actions.clear();
        subjects.clear();
    }
}

package org.actionbench.runner.plan;

import java.util.List;
import org.actionbench.data.bench.Problem;
import org.actionbench.runner.spec.MethodSpec;
import org.actionbench.runner.spec.RunSpec;
import org.actionbench.runner.spec.SpecDocument;
import org.actionbench.runner.spec.SpecException;

/**
 * One cell of a spec's grid as a spec of its own ({@code run SPEC --only METHOD/ACTION}): the method entry of
 * that name with its settings, that one action, every subject, image count, seed and sampler setting
 * untouched. Because an image's seed depends on the run's sampling seed, the action, the subject and k
 * ({@link ImageSeeds}) and a method's training on the run's training seed and the bench (never on which
 * other cells a run holds), the cell reproduces the same cell of the full grid.
 */
public final class CellSelection {
    /** How problems with the selection name it. */
    public static final String OPTION = "--only";

    private CellSelection() {
    }

    /**
     * {@code doc} narrowed to the cell {@code selector} ("method-name/action-id"); an action the bench lacks
     * is reported by the planner like any other spec problem.
     */
    public static SpecDocument only(SpecDocument doc, String selector) throws SpecException {
        int slash = selector.indexOf('/');
        if (slash <= 0 || slash != selector.lastIndexOf('/') || slash == selector.length() - 1) {
            throw problem(doc, "expected METHOD/ACTION (a method entry's name and an action id), got \"" + selector
                    + "\"");
        }
        String name = selector.substring(0, slash);
        String action = selector.substring(slash + 1);
        RunSpec spec = doc.spec();
        List<MethodSpec> named = spec.methods().stream().filter(m -> m.name().equals(name)).toList();
        if (named.isEmpty()) {
            throw problem(doc, "the spec has no method entry named \"" + name + "\" (it has: "
                    + String.join(", ", spec.methods().stream().map(MethodSpec::name).toList()) + ")");
        }
        if (!spec.actions().isEmpty() && !spec.actions().contains(action)) {
            throw problem(doc, "the spec's actions do not include \"" + action + "\" (it has: "
                    + String.join(", ", spec.actions()) + ")");
        }
        return new SpecDocument(doc.file(), doc.given(), spec.withMethods(named).withActions(List.of(action)));
    }

    private static SpecException problem(SpecDocument doc, String message) {
        return new SpecException(List.of(new Problem(doc.file(), OPTION, message)));
    }
}

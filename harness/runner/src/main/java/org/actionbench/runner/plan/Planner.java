package org.actionbench.runner.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.actionbench.data.bench.Action;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.bench.BenchException;
import org.actionbench.data.bench.BenchValidator;
import org.actionbench.data.bench.Problem;
import org.actionbench.data.bench.Subject;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.SamplerSettings;
import org.actionbench.engine.method.BenchMaterial;
import org.actionbench.engine.method.Method;
import org.actionbench.runner.spec.MethodSpec;
import org.actionbench.runner.spec.RunSpec;
import org.actionbench.runner.spec.SamplerSpec;
import org.actionbench.runner.spec.SpecDocument;
import org.actionbench.runner.spec.SpecException;

/**
 * Spec → {@link RunPlan}: loads and validates the bench, reads the model's configs, finds every method and
 * resolves its settings, checks the selected actions and subjects, and lays out the grid of cells with every
 * image's seed and file. Every problem is collected (the bench's own problems included, as they name the
 * bench's files) and thrown together; nothing is written.
 */
public final class Planner {
    private final SpecDocument doc;
    private final MethodCatalog catalog;
    private final List<Problem> problems = new ArrayList<>();

    private final boolean configsOnly;

    private Planner(SpecDocument doc, MethodCatalog catalog, boolean configsOnly) {
        this.doc = doc;
        this.catalog = catalog;
        this.configsOnly = configsOnly;
    }

    /** Whether the output directory must be free (a new run) or may already hold this run (a resume). */
    public enum Output {
        NEW, EXISTING
    }

    public static RunPlan plan(SpecDocument doc, MethodCatalog catalog, Output output) throws SpecException {
        return plan(new Planner(doc, catalog, false), output);
    }

    /**
     * A new run's plan that reads the model's config files alone ({@link ModelFacts#readConfigs}): for estimates
     * that need no weights ({@code run SPEC --plan --memory-only}); such a plan is never run.
     */
    public static RunPlan planFromConfigs(SpecDocument doc, MethodCatalog catalog) throws SpecException {
        return plan(new Planner(doc, catalog, true), Output.NEW);
    }

    private static RunPlan plan(Planner p, Output output) throws SpecException {
        RunPlan plan = p.plan(output);
        if (!p.problems.isEmpty()) {
            throw new SpecException(p.problems);
        }
        return plan;
    }

    private RunPlan plan(Output output) {
        RunSpec spec = doc.spec();
        Bench bench = null;
        try {
            bench = BenchValidator.load(spec.bench());
        } catch (BenchException e) {
            problem("bench", "the bench " + spec.bench() + " is not valid (" + e.problems().size()
                    + " problem(s) below)");
            problems.addAll(e.problems());
        }
        ModelFacts model = null;
        try {
            model = configsOnly ? ModelFacts.readConfigs(spec.model()) : ModelFacts.read(spec.model());
        } catch (IOException | RuntimeException e) {
            problem("model", message(e));
        }
        List<PlannedMethod<?>> methods = methods(spec, bench == null ? BenchMaterial.EXEMPLARS_ONLY
                : new BenchMaterial(bench.everyExemplarHasActionDifferentImages(spec.bench())));
        if (output == Output.NEW) {
            checkFreshOutput(spec.output());
        }
        SamplerSettings sampler = model == null ? null : sampler(spec.sampler(), model);
        if (bench == null) {
            return null;
        }
        List<Action> actions = select("actions", spec.actions(), bench.actions(), Action::id, bench::action);
        List<Subject> subjects = select("subjects", spec.subjects(), bench.subjects(), Subject::id, bench::subject);
        int imagesPerPair = spec.imagesPerPair() == null ? bench.evaluation().imagesPerPair() : spec.imagesPerPair();
        if (!problems.isEmpty()) {
            return null;
        }
        List<PlannedCell> cells = new ArrayList<>();
        for (PlannedMethod<?> m : methods) {
            for (Action a : actions) {
                RunLayout.Cell cell = new RunLayout.Cell(m.name(), a.id());
                List<PlannedImage> images = new ArrayList<>();
                for (Subject s : subjects) {
                    for (int k = 0; k < imagesPerPair; k++) {
                        images.add(new PlannedImage(s, k, ImageSeeds.of(spec.seeds().sampling(), a.id(), s.id(), k),
                                RunLayout.sampleFile(cell, s.id(), k)));
                    }
                }
                cells.add(new PlannedCell(cells.size(), cell, m, a, images));
            }
        }
        return new RunPlan(doc, bench, methods, actions, subjects, imagesPerPair, sampler, cells);
    }

    private List<PlannedMethod<?>> methods(RunSpec spec, BenchMaterial material) {
        List<PlannedMethod<?>> out = new ArrayList<>();
        for (int i = 0; i < spec.methods().size(); i++) {
            MethodSpec ms = spec.methods().get(i);
            String at = "methods[" + i + "]";
            Optional<Method<?>> found = catalog.find(ms.method());
            if (found.isEmpty()) {
                problem(at + ".method", "unknown method \"" + ms.method() + "\" (known: "
                        + String.join(", ", catalog.ids()) + ")");
                continue;
            }
            try {
                out.add(PlannedMethod.resolve(ms.name(), found.get(), ms.settings(), spec.seeds().training(),
                        material));
            } catch (RuntimeException e) {
                problem(at + ".settings", message(e));
            }
        }
        return out;
    }

    private SamplerSettings sampler(SamplerSpec s, ModelFacts model) {
        int width = s.width() == null ? model.resolution() : s.width();
        int height = s.height() == null ? model.resolution() : s.height();
        if (width % model.latentScale() != 0 || height % model.latentScale() != 0) {
            problem("sampler", "width and height must be multiples of the model's latent scale "
                    + model.latentScale() + ", are " + width + " and " + height);
        }
        return new SamplerSettings(SamplerSpec.SCHEDULER, s.steps(), s.eta(), s.guidance(), width, height);
    }

    private void checkFreshOutput(Path output) {
        if (!Files.exists(output)) {
            return;
        }
        if (!Files.isDirectory(output)) {
            problem("output", output + " exists and is not a directory");
            return;
        }
        try (var entries = Files.list(output)) {
            if (entries.findAny().isPresent()) {
                problem("output", output + " exists and is not empty"
                        + (Files.exists(output.resolve("run.json")) ? "; it holds a run: actionbench resume " + output
                        : "; give a new directory"));
            }
        } catch (IOException e) {
            problem("output", "cannot read " + output + ": " + e.getMessage());
        }
    }

    private <T> List<T> select(String field, List<String> wanted, List<T> all, java.util.function.Function<T, String> id,
            java.util.function.Function<String, Optional<T>> lookup) {
        if (wanted.isEmpty()) {
            if (all.isEmpty()) {
                problem(field, "the bench has none");
            }
            return all;
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            Optional<T> t = lookup.apply(wanted.get(i));
            if (t.isEmpty()) {
                problem(field + "[" + i + "]", "the bench has no " + field.substring(0, field.length() - 1) + " \""
                        + wanted.get(i) + "\" (it has: " + String.join(", ", all.stream().map(id).toList()) + ")");
            } else {
                out.add(t.get());
            }
        }
        return out;
    }

    private void problem(String field, String message) {
        problems.add(new Problem(doc.file(), field, message));
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

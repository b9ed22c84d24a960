package org.actionbench.runner.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.actionbench.data.bench.Action;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.bench.Subject;
import org.actionbench.data.run.SamplerSettings;
import org.actionbench.runner.spec.SpecDocument;

/**
 * A validated run: the spec it came from, the loaded bench, the methods with their resolved settings, the
 * selected actions and subjects, the sampler as it will run, and the grid of cells (method-major, in spec
 * order; actions in spec order, or bench order when the spec takes all). Everything an executor needs and
 * nothing it must look up again; the same spec plans the same grid in any process (a Slurm task finds its
 * cell by index).
 */
public record RunPlan(SpecDocument source, Bench bench, List<PlannedMethod<?>> methods, List<Action> actions,
        List<Subject> subjects, int imagesPerPair, SamplerSettings sampler, List<PlannedCell> cells) {
    public RunPlan {
        methods = List.copyOf(methods);
        actions = List.copyOf(actions);
        subjects = List.copyOf(subjects);
        cells = List.copyOf(cells);
    }

    public Path benchDir() {
        return source.spec().bench();
    }

    public Path model() {
        return source.spec().model();
    }

    public Path output() {
        return source.spec().output();
    }

    public int imageCount() {
        return cells.stream().mapToInt(c -> c.images().size()).sum();
    }

    public Optional<PlannedCell> cell(String method, String action) {
        return cells.stream().filter(c -> c.cell().method().equals(method) && c.cell().action().equals(action))
                .findFirst();
    }
}

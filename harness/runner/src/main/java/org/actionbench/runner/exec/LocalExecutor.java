package org.actionbench.runner.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.progress.ProgressSink;
import org.actionbench.runner.spec.SpecException;

/**
 * Runs a plan's cells one after another in this process, the model loaded once. This is also the library
 * entry point (the demo's): a spec in, a run directory out, progress to a {@link ProgressSink}.
 *
 * <pre>
 * Path run = new LocalExecutor(MethodCatalog.installed(), sink).run(SpecDocument.of(spec));
 * </pre>
 *
 * After each cell run.json's cell summary and the run's samples.jsonl are brought up to date, so a run
 * killed at any point shows every image finished so far; {@link #resume(Path)} continues it.
 */
public final class LocalExecutor implements RunExecutor {
    private final MethodCatalog catalog;
    private final ProgressSink sink;

    public LocalExecutor(MethodCatalog catalog, ProgressSink sink) {
        this.catalog = catalog;
        this.sink = sink;
    }

    @Override
    public MethodCatalog catalog() {
        return catalog;
    }

    /** The plan of an existing run, checked to resolve to the settings it started with. */
    public static RunPlan plan(RunDirectory dir, MethodCatalog catalog) throws SpecException, IOException {
        return plan(dir, catalog, null);
    }

    /** As {@link #plan(RunDirectory, MethodCatalog)}, on {@code device} instead of the run's own when not null. */
    public static RunPlan plan(RunDirectory dir, MethodCatalog catalog, ComputeDevice device)
            throws SpecException, IOException {
        RunPlan plan = Planner.plan(device == null ? dir.spec() : dir.spec(device), catalog, Planner.Output.EXISTING);
        dir.checkSettings(plan);
        return plan;
    }

    /** Runs every cell of {@code plan} that is not done, in plan order; stops at the first failure. */
    @Override
    public void execute(RunPlan plan, RunDirectory dir) throws IOException {
        List<PlannedCell> pending = new ArrayList<>();
        int imagesDone = 0;
        for (CellStatus s : CellStatus.of(plan, dir.layout())) {
            if (!s.state().isDone()) {
                pending.add(s.cell());
            }
            imagesDone += s.images();
        }
        sink.runStarted(plan, pending, imagesDone);
        if (pending.isEmpty()) {
            dir.refresh(plan, true);
            return;
        }
        try (StableDiffusion model = StableDiffusion.load(plan.model(), plan.source().spec().compute().device()
                .resolve())) {
            CellRunner runner = new CellRunner(plan, dir.layout(), model, sink);
            for (PlannedCell cell : pending) {
                try {
                    runner.run(cell);
                } catch (IOException | RuntimeException e) {
                    dir.refresh(plan, true);
                    throw new RunFailedException("cell " + cell.label() + " failed: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + " (details in " + dir.layout().trainLog(cell.cell()) + "; actionbench resume "
                            + dir.root() + " retries it)", e);
                }
                dir.refresh(plan, true);
            }
        }
    }
}

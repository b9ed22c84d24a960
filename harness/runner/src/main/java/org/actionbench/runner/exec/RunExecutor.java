package org.actionbench.runner.exec;

import java.io.IOException;
import java.nio.file.Path;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.spec.SpecDocument;
import org.actionbench.runner.spec.SpecException;

/**
 * What runs a plan's cells ({@link LocalExecutor} in this JVM, {@link ParallelExecutor} in child JVMs): a new run
 * from a spec and a resumed one differ only in how the plan and its directory are found.
 */
public interface RunExecutor {
    MethodCatalog catalog();

    /** Runs every cell of {@code plan} that is not done. */
    void execute(RunPlan plan, RunDirectory dir) throws IOException;

    /**
     * Validates and plans {@code spec} (every problem thrown together, nothing written), creates its run
     * directory and runs every cell.
     *
     * @return the run directory
     */
    default Path run(SpecDocument spec) throws SpecException, IOException {
        RunPlan plan = Planner.plan(spec, catalog(), Planner.Output.NEW);
        RunDirectory dir = RunDirectory.create(plan);
        execute(plan, dir);
        return dir.root();
    }

    /** Continues the run in {@code run}: cells that are done are left alone, the others resume. */
    default Path resume(Path run) throws SpecException, IOException {
        return resume(run, null);
    }

    /** As {@link #resume(Path)}, computing on {@code device} (null: the run's own; see {@link RunDirectory#spec(ComputeDevice)}). */
    default Path resume(Path run, ComputeDevice device) throws SpecException, IOException {
        RunDirectory dir = RunDirectory.open(run);
        RunPlan plan = LocalExecutor.plan(dir, catalog(), device);
        execute(plan, dir);
        return dir.root();
    }
}

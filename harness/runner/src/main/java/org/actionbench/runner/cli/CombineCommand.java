package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.runner.exec.CellStatus;
import org.actionbench.runner.exec.LocalExecutor;
import org.actionbench.runner.exec.RunDirectory;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.spec.SpecException;

/** Internal: the job after a Slurm array; writes the run's samples.jsonl and run.json's cell summary. */
final class CombineCommand implements Command {

    @Override
    public String name() {
        return "combine";
    }

    @Override
    public String synopsis() {
        return "RUN";
    }

    @Override
    public String summary() {
        return "(internal) writes a run's samples.jsonl from its cells: the job after a Slurm array";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        String run = new ArgumentParser().parse(args).positionals(1, "RUN").get(0);
        RunDirectory dir = RunDirectory.open(Path.of(run));
        RunPlan plan;
        try {
            plan = LocalExecutor.plan(dir, MethodCatalog.installed());
        } catch (SpecException e) {
            return SpecProblems.report(e, name(), err);
        }
        dir.refresh(plan, true);
        List<String> notDone = CellStatus.of(plan, dir.layout()).stream().filter(s -> !s.state().isDone())
                .map(s -> s.cell().label() + " (" + s.status() + ")").toList();
        if (!notDone.isEmpty()) {
            err.println("actionbench combine: " + notDone.size() + " cell(s) not done: " + String.join(", ", notDone)
                    + "; samples.jsonl has the images of the others");
            return 1;
        }
        out.println(dir.layout().samplesJsonl());
        return 0;
    }
}

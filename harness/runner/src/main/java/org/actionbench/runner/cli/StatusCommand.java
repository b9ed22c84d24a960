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

final class StatusCommand implements Command {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String synopsis() {
        return "RUN";
    }

    @Override
    public String summary() {
        return "per-cell state and counts of a run (RUN)";
    }

    @Override
    public String help() {
        return """
                One line per cell, in plan order:
                  cell <method> <action> <status> step <done>/<planned> images <recorded>/<planned>
                status is pending, running, interrupted (running, but no process holds the cell: resume it),
                done or failed (the reason follows after " -- "). Then one line for the run:
                  run cells <done>/<total> images <recorded>/<total>""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        String run = new ArgumentParser().parse(args).positionals(1, "one RUN directory").get(0);
        RunDirectory dir = RunDirectory.open(Path.of(run));
        RunPlan plan;
        try {
            plan = LocalExecutor.plan(dir, MethodCatalog.installed());
        } catch (SpecException e) {
            e.problems().forEach(err::println);
            return 1;
        }
        int cellsDone = 0;
        int images = 0;
        for (CellStatus s : CellStatus.of(plan, dir.layout())) {
            out.println("cell " + s.cell().cell().method() + " " + s.cell().cell().action() + " " + s.status()
                    + " step " + s.state().step() + "/" + s.state().steps() + " images " + s.images() + "/"
                    + s.cell().images().size()
                    + (s.state().message() == null ? "" : " -- " + s.state().message().replace('\n', ' ')));
            cellsDone += s.state().isDone() ? 1 : 0;
            images += s.images();
        }
        out.println("run cells " + cellsDone + "/" + plan.cells().size() + " images " + images + "/"
                + plan.imageCount());
        return 0;
    }
}

package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.runner.exec.LocalExecutor;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.progress.ProgressTracker;
import org.actionbench.runner.progress.TerminalProgress;
import org.actionbench.runner.spec.SpecException;

final class ResumeCommand implements Command {

    @Override
    public String name() {
        return "resume";
    }

    @Override
    public String synopsis() {
        return "RUN";
    }

    @Override
    public String summary() {
        return "continues a run after a crash or kill, from each cell's last checkpoint (RUN)";
    }

    @Override
    public String help() {
        return """
                Continues the run in the directory RUN on this machine: cells that are done are left alone, a cell
                killed while training continues from its last checkpoint, a cell killed while sampling writes only
                the images it has not recorded. The finished run is the same, file for file, as one that was never
                interrupted. Refuses when a method's resolved settings differ from those in RUN/run.json.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        String run = new ArgumentParser().parse(args).positionals(1, "one RUN directory").get(0);
        try {
            TerminalProgress progress = TerminalProgress.forConsole(err, new ProgressTracker());
            out.println(new LocalExecutor(MethodCatalog.installed(), progress).resume(Path.of(run)));
            return 0;
        } catch (SpecException e) {
            return SpecProblems.report(e, name(), err);
        }
    }
}

package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.runner.spec.SpecException;

final class ResumeCommand implements Command {

    @Override
    public String name() {
        return "resume";
    }

    @Override
    public String synopsis() {
        return "RUN [--parallel N] [--device D] [--check-devices]";
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
                interrupted. Refuses when a method's resolved settings differ from those in RUN/run.json.
                --device D  continues on another GPU than the run's (cuda:N); a run does not move between the
                        CPU and a GPU, as its images would mix the two kinds of arithmetic. Each cell's train.log
                        names the device it ran on.
                """ + ParallelOption.HELP + "\n" + DeviceOption.CHECK_HELP;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = ParallelOption.declare(DeviceOption.declareCheck(DeviceOption.declare(
                new ArgumentParser()))).parse(args);
        String run = a.positionals(1, "one RUN directory").get(0);
        ComputeDevice device = DeviceOption.apply(a, (ComputeDevice) null);
        try {
            out.println(ParallelOption.resume(a, Path.of(run), device, err));
            return 0;
        } catch (SpecException e) {
            return SpecProblems.report(e, name(), err);
        }
    }
}

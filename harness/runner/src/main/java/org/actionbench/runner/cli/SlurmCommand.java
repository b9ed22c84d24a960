package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.run.RunManifest;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.runner.exec.LocalExecutor;
import org.actionbench.runner.exec.RunDirectory;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.slurm.JavaCommand;
import org.actionbench.runner.slurm.SlurmExecutor;
import org.actionbench.runner.slurm.SlurmOptions;
import org.actionbench.runner.spec.RunSpecReader;
import org.actionbench.runner.spec.SpecDocument;
import org.actionbench.runner.spec.SpecException;

final class SlurmCommand implements Command {

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public String synopsis() {
        return "SPEC|RUN [--partition P] [--time T] [--mem M] [--cpus-per-task N] [--gpus-per-task N] [--gres G]"
                + " [--device D] [--sbatch-arg ARG]...";
    }

    @Override
    public String summary() {
        return "the same grid as a Slurm job array, one task per cell (SPEC, or RUN to resubmit)";
    }

    @Override
    public String help() {
        return """
                Checks SPEC like `run`, creates the run directory and submits a Slurm job array with one task per
                cell; each task runs this runner on its cell against the shared run directory (it must be on a
                file system every node sees), and a job that depends on the whole array (afterok) writes the
                run's samples.jsonl. Given a RUN directory instead, submits again only the cells not done (after a
                failed or cancelled array). Prints "array <job id> <cells>", "combine <job id>" and the run
                directory. Scripts and task logs are in RUN/slurm/; `actionbench status RUN` shows progress.
                --partition, --time, --mem, --cpus-per-task (default 1; also the PyTorch threads of a task) become
                #SBATCH lines; --sbatch-arg adds any other sbatch option, e.g. --sbatch-arg=--account=x.
                GPUs: --gpus-per-task N or --gres G (e.g. gpu:1, gpu:a100:1) go on the cell tasks; the run's device
                (the spec's "device", or --device with a SPEC) must then be cuda or cuda:N, and a cuda device needs
                one of them (a task without a GPU would fail at its start). Each task runs with the libtorch this
                command was started with (ACTIONBENCH_NATIVE / ACTIONBENCH_LIBTORCH, README section GPU).
                """ + DeviceOption.HELP;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = new ArgumentParser().option("--partition", "P").option("--time", "T")
                .option("--mem", "M").option("--cpus-per-task", "N").option("--gpus-per-task", "N")
                .option("--gres", "G").option(DeviceOption.NAME, "D").repeatableOption("--sbatch-arg", "ARG")
                .parse(args);
        List<String> positional = a.positionals(1, "one SPEC file or RUN directory");
        String partition = a.value("--partition");
        String time = a.value("--time");
        String mem = a.value("--mem");
        int cpus = a.positiveInt("--cpus-per-task", 1);
        List<String> extra = a.values("--sbatch-arg");
        Integer gpus = a.value("--gpus-per-task") == null ? null : a.positiveInt("--gpus-per-task", 1);
        SlurmOptions options = new SlurmOptions(partition, time, mem, cpus, gpus, a.value("--gres"), extra);
        Path target = Path.of(positional.get(0));
        try {
            RunDirectory dir;
            RunPlan plan;
            if (Files.isDirectory(target) && Files.exists(target.resolve(RunManifest.FILE_NAME))) {
                if (a.value(DeviceOption.NAME) != null) {
                    throw new UsageException(DeviceOption.NAME + " goes with a SPEC; a RUN keeps the device it was "
                            + "planned with");
                }
                dir = RunDirectory.open(target);
                plan = LocalExecutor.plan(dir, MethodCatalog.installed());
                checkGpuRequest(plan.source().spec().compute().device(), options);
            } else {
                SpecDocument spec = DeviceOption.apply(a, RunSpecReader.read(target));
                checkGpuRequest(spec.spec().compute().device(), options);
                plan = Planner.plan(spec, MethodCatalog.installed(), Planner.Output.NEW);
                dir = RunDirectory.create(plan);
            }
            SlurmExecutor slurm = new SlurmExecutor(options, JavaCommand.current(cpus));
            SlurmExecutor.Submission s = slurm.submit(plan, dir);
            out.println("array " + (s.arrayJob() == null ? "-" : s.arrayJob()) + " " + s.cells().size());
            out.println("combine " + s.combineJob());
            out.println(dir.root());
            return 0;
        } catch (SpecException e) {
            return SpecProblems.report(e, name(), err);
        }
    }

    /** A GPU asked for and a CPU device (or the reverse) is a mistake found now rather than in every task. */
    static void checkGpuRequest(ComputeDevice device, SlurmOptions options) throws UsageException {
        if (device.isGpu() && !options.asksForGpus()) {
            throw new UsageException("device " + device + " needs a GPU per task: add --gpus-per-task 1 or --gres "
                    + "gpu:1");
        }
        if (!device.isGpu() && options.asksForGpus()) {
            throw new UsageException("GPUs asked for but the device is cpu: add --device cuda (or device: cuda in "
                    + "the spec)");
        }
    }
}

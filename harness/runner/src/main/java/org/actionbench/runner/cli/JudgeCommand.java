package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.run.Judgement;
import org.actionbench.mini.judge.RunJudging;
import org.actionbench.reports.Report;
import org.actionbench.runner.Home;

/** {@code actionbench judge RUN}: the oracle's judgements of an ActionBench-Mini run. */
final class JudgeCommand implements Command {

    @Override
    public String name() {
        return "judge";
    }

    @Override
    public String synopsis() {
        return "RUN [--judge DIR]";
    }

    @Override
    public String summary() {
        return "automatic judgements of an ActionBench-Mini run by the oracle judge";
    }

    @Override
    public String help() {
        return """
                Rates every image of RUN (its samples.jsonl) with the ActionBench-Mini oracle judge (default
                models/actionbench-mini-judge): action correct when the action classifier names the action the
                image was asked for, subject correct likewise. Writes RUN/%s, a judgement CSV
                (docs/ARCHITECTURE.md §2) with rater "oracle", and prints the accuracy table per method.""".formatted(RunJudging.FILE_NAME);
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = new ArgumentParser().option("--judge", "DIR").parse(args);
        Path run = Path.of(a.positionals(1, "one RUN directory").get(0));
        Path judgeDir = a.path("--judge", Home.bundledJudge());
        List<Judgement> judgements = RunJudging.judgeAndWrite(run, judgeDir);
        err.println("wrote " + judgements.size() + " judgements to " + run.resolve(RunJudging.FILE_NAME));
        out.print(Report.of(judgements).markdown());
        return 0;
    }
}

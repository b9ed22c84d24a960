package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.reports.Report;

final class ReportCommand implements Command {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String synopsis() {
        return "JUDGEMENTS [--xlsx OUT] [--format markdown|csv]";
    }

    @Override
    public String summary() {
        return "accuracy tables (Table 1 layout), intervals, agreement; Excel with --xlsx";
    }

    @Override
    public String help() {
        return """
                JUDGEMENTS is a judgement CSV with the header
                  rater,image,method,action,subject,group,action_correct,subject_correct
                (yes|no|unsure in the last two columns). Prints the per-method table (action, subject and
                total accuracy with counts and 95% Wilson intervals) as Markdown (default) or CSV; with
                --xlsx OUT also writes the Excel report: Table 1, per action, per group, per rater,
                agreement, paired comparisons and the raw judgements. A malformed CSV is rejected with its
                line number and nothing is written.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        List<String> positional = new ArrayList<>();
        Path xlsx = null;
        String format = "markdown";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--xlsx", "--format" -> {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(a + " needs a value");
                    }
                    String v = args.get(++i);
                    if (a.equals("--xlsx")) {
                        xlsx = Path.of(v);
                    } else if (v.equals("markdown") || v.equals("csv")) {
                        format = v;
                    } else {
                        throw new UsageException("--format must be markdown or csv, got " + v);
                    }
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option " + a);
                    }
                    positional.add(a);
                }
            }
        }
        if (positional.size() != 1) {
            throw new UsageException("expected one JUDGEMENTS file, got " + positional.size());
        }
        Report report = Report.fromCsv(Path.of(positional.get(0)));
        if (xlsx != null) {
            report.writeXlsx(xlsx);
        }
        out.print(format.equals("csv") ? report.csv() : report.markdown());
        return 0;
    }
}

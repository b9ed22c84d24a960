package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.reports.Report;

final class ReportCommand implements Command {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String synopsis() {
        return "JUDGEMENTS [--xlsx OUT] [--format markdown|csv|results] [--reference METHOD]";
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
                agreement, paired comparisons and the raw judgements. --format results prints the full
                Markdown results instead: Table 1, per subject group and per action (each figure with its
                count and 95% Wilson interval) and the seeded paired bootstrap of --reference METHOD
                (default: the best method) against every other method; the same CSV gives the same bytes.
                A malformed CSV is rejected with its line number and nothing is written.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = new ArgumentParser().option("--xlsx", "OUT")
                .option("--format", "markdown|csv|results").option("--reference", "METHOD").parse(args);
        Path xlsx = a.path("--xlsx", null);
        String format = a.choice("--format", List.of("markdown", "csv", "results"), "markdown");
        String reference = a.value("--reference");
        if (reference != null && !format.equals("results")) {
            throw new UsageException("--reference goes with --format results");
        }
        List<String> positional = a.positionals(1, "one JUDGEMENTS file");
        Report report = Report.fromCsv(Path.of(positional.get(0)));
        String text = switch (format) {
            case "csv" -> report.csv();
            case "results" -> results(report, reference);
            default -> report.markdown();
        };
        if (xlsx != null) {
            report.writeXlsx(xlsx);
        }
        out.print(text);
        return 0;
    }

    /** The full results; an unknown reference is named with the option that gave it. */
    static String results(Report report, String reference) {
        try {
            return report.resultsMarkdown(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--reference: " + e.getMessage(), e);
        }
    }
}

package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.runner.publish.Publication;

/** {@code actionbench publish RUN DIR}: a finished, judged run as the files a results page publishes. */
final class PublishCommand implements Command {

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public String synopsis() {
        return "RUN DIR [--reference METHOD] [--subjects A,B,...] [--notes FILE] [--paths-from SPEC]";
    }

    @Override
    public String summary() {
        return "a finished, judged run as published evidence: spec, samples, judgements, report, results.md, grids";
    }

    @Override
    public String help() {
        return """
                Writes DIR (which must not exist or be empty) from the finished run RUN, judged with
                actionbench judge:
                  spec.yaml              the run's spec as given, paths rewritten to name the same
                                         directories from DIR (with --paths-from SPEC: SPEC's bench,
                                         model and output, once its bench and model are checked to hold
                                         the run's files byte for byte), the commit and the model's
                                         provenance
                  samples.jsonl          the run's, copied (every image's seed, prompt and sha256)
                  judgements-oracle.csv  the run's, copied
                  report.xlsx            the Excel report
                  results.md             commit, model provenance, machine and total wall time; the text
                                         of --notes FILE (Markdown: what the files cannot say, e.g. how
                                         the run was scaled or what ran beside it); then report --format
                                         results: Table 1, per group, per action, the paired bootstrap
                                         of --reference METHOD (default: the best) against every other
                                         method; then the wall time per method and per cell
                  grids/ACTION.png       per action: a row per method, a column per subject (--subjects,
                                         default the first of each group, then the next of each, six in
                                         all), the first image of each, labelled
                Every image is checked against its sha256 first; on any problem nothing is written.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = new ArgumentParser().option("--reference", "METHOD").option("--subjects", "A,B,...")
                .option("--notes", "FILE").option("--paths-from", "SPEC").parse(args);
        List<String> positional = a.positionals(2, "RUN and DIR");
        List<String> subjects = new ArrayList<>();
        String list = a.value("--subjects");
        if (list != null) {
            for (String s : list.split(",", -1)) {
                if (s.isBlank()) {
                    throw new UsageException("--subjects: an empty subject id in '" + list + "'");
                }
                subjects.add(s.strip());
            }
        }
        Path dir = Path.of(positional.get(1));
        String notes = a.value("--notes");
        String pathsFrom = a.value("--paths-from");
        Publication.write(Path.of(positional.get(0)), dir, a.value("--reference"), subjects,
                notes == null ? null : Path.of(notes), pathsFrom == null ? null : Path.of(pathsFrom));
        out.println(dir);
        return 0;
    }
}

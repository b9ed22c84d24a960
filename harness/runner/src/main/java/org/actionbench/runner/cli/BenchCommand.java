package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.bench.BenchException;
import org.actionbench.data.bench.BenchImporter;
import org.actionbench.data.bench.BenchValidator;
import org.actionbench.data.bench.Problem;
import org.actionbench.mini.world.ContactSheet;
import org.actionbench.mini.world.MiniBench;

final class BenchCommand implements Command {
    static final long DEFAULT_SEED = 0;
    static final int DEFAULT_RESOLUTION = 64;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String synopsis() {
        return "validate DIR | import FOLDER OUT | mini OUT [--seed N] [--resolution PX] | contact-sheet OUT.png [--seed N] [--cell PX]";
    }

    @Override
    public String summary() {
        return "validate, import or generate benchmark directories (bench.json + images)";
    }

    @Override
    public String help() {
        return """
                validate DIR       checks DIR/bench.json and its images; prints every problem as
                                   "file: field: message", one per line, and exits 1 if there is any.
                import FOLDER OUT  turns a folder per action into a validated bench directory OUT:
                                     FOLDER/subjects.json  [{id, text, group}]   (or subjects.txt: id<TAB>group<TAB>text)
                                     FOLDER/evaluation.json  optional {imagesPerPair, exemplarsPerAction}
                                     FOLDER/<action-id>/action.json  {name, description}
                                     FOLDER/<action-id>/prompts.json {image: template with {}}  (or prompts.txt: image<TAB>template)
                                     FOLDER/<action-id>/<images>
                                   nothing is written when any problem is found.
                mini OUT           writes the ActionBench-Mini bench (8 actions × 10 exemplars, 23 subjects),
                                   deterministic for a seed (default 0) at a resolution (default 64).
                contact-sheet OUT  a PNG with one row per action and one column per subject group plus the
                                   skeleton map, to see the world at a glance.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed o = new ArgumentParser().option("--seed", "N").option("--resolution", "PX")
                .option("--cell", "PX").parse(args);
        List<String> positional = o.positionals();
        if (positional.isEmpty()) {
            throw new UsageException("expected a sub-command: validate, import, mini or contact-sheet");
        }
        long seed = o.longValue("--seed", DEFAULT_SEED);
        int resolution = o.positiveInt("--resolution", DEFAULT_RESOLUTION);
        int cell = o.positiveInt("--cell", 128);
        String sub = positional.get(0);
        List<String> paths = positional.subList(1, positional.size());
        switch (sub) {
            case "validate" -> {
                expectPaths(paths, 1);
                List<Problem> problems = BenchValidator.validate(Path.of(paths.get(0)));
                problems.forEach(out::println);
                if (!problems.isEmpty()) {
                    err.println("actionbench bench validate: " + problems.size() + " problem(s)");
                    return 1;
                }
                return 0;
            }
            case "import" -> {
                expectPaths(paths, 2);
                try {
                    Bench b = BenchImporter.importFolder(Path.of(paths.get(0)), Path.of(paths.get(1)));
                    out.println("imported " + b.actions().size() + " actions, " + b.subjects().size() + " subjects into "
                            + paths.get(1));
                    return 0;
                } catch (BenchException e) {
                    e.problems().forEach(err::println);
                    err.println("actionbench bench import: " + e.problems().size() + " problem(s); nothing written");
                    return 1;
                }
            }
            case "mini" -> {
                expectPaths(paths, 1);
                Bench b = MiniBench.write(Path.of(paths.get(0)), seed, resolution);
                out.println("wrote ActionBench-Mini (" + b.actions().size() + " actions, " + b.subjects().size()
                        + " subjects, " + resolution + "px, seed " + seed + ") to " + paths.get(0));
                return 0;
            }
            case "contact-sheet" -> {
                expectPaths(paths, 1);
                ContactSheet.write(Path.of(paths.get(0)), seed, cell);
                out.println(paths.get(0));
                return 0;
            }
            default -> throw new UsageException("unknown sub-command '" + sub + "'");
        }
    }

    private static void expectPaths(List<String> paths, int n) throws UsageException {
        if (paths.size() != n) {
            throw new UsageException("expected " + n + " path argument(s), got " + paths.size());
        }
    }
}

package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
        if (args.isEmpty()) {
            throw new UsageException("expected a sub-command: validate, import, mini or contact-sheet");
        }
        Options o = Options.parse(args.subList(1, args.size()));
        switch (args.get(0)) {
            case "validate" -> {
                o.expectPositional(1);
                List<Problem> problems = BenchValidator.validate(Path.of(o.positional.get(0)));
                problems.forEach(out::println);
                if (!problems.isEmpty()) {
                    err.println("actionbench bench validate: " + problems.size() + " problem(s)");
                    return 1;
                }
                return 0;
            }
            case "import" -> {
                o.expectPositional(2);
                try {
                    Bench b = BenchImporter.importFolder(Path.of(o.positional.get(0)), Path.of(o.positional.get(1)));
                    out.println("imported " + b.actions().size() + " actions, " + b.subjects().size() + " subjects into "
                            + o.positional.get(1));
                    return 0;
                } catch (BenchException e) {
                    e.problems().forEach(err::println);
                    err.println("actionbench bench import: " + e.problems().size() + " problem(s); nothing written");
                    return 1;
                }
            }
            case "mini" -> {
                o.expectPositional(1);
                Bench b = MiniBench.write(Path.of(o.positional.get(0)), o.seed, o.resolution);
                out.println("wrote ActionBench-Mini (" + b.actions().size() + " actions, " + b.subjects().size()
                        + " subjects, " + o.resolution + "px, seed " + o.seed + ") to " + o.positional.get(0));
                return 0;
            }
            case "contact-sheet" -> {
                o.expectPositional(1);
                ContactSheet.write(Path.of(o.positional.get(0)), o.seed, o.cell);
                out.println(o.positional.get(0));
                return 0;
            }
            default -> throw new UsageException("unknown sub-command '" + args.get(0) + "'");
        }
    }

    /** Positional arguments and the few numeric flags of the sub-commands. */
    private static final class Options {
        final List<String> positional = new ArrayList<>();
        long seed = DEFAULT_SEED;
        int resolution = DEFAULT_RESOLUTION;
        int cell = 128;

        static Options parse(List<String> args) throws UsageException {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.startsWith("--")) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(a + " needs a value");
                    }
                    String v = args.get(++i);
                    try {
                        switch (a) {
                            case "--seed" -> o.seed = Long.parseLong(v);
                            case "--resolution" -> o.resolution = positive(a, Integer.parseInt(v));
                            case "--cell" -> o.cell = positive(a, Integer.parseInt(v));
                            default -> throw new UsageException("unknown option " + a);
                        }
                    } catch (NumberFormatException e) {
                        throw new UsageException(a + ": not a number: " + v);
                    }
                } else {
                    o.positional.add(a);
                }
            }
            return o;
        }

        private static int positive(String flag, int v) throws UsageException {
            if (v < 1) {
                throw new UsageException(flag + " must be positive, got " + v);
            }
            return v;
        }

        void expectPositional(int n) throws UsageException {
            if (positional.size() != n) {
                throw new UsageException("expected " + n + " path argument(s), got " + positional.size());
            }
        }
    }
}

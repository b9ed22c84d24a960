package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the {@code ./actionbench} launcher. Every failure is one message on stderr and a
 * non-zero exit: 2 for wrong usage, 1 for bad input or a failed job. A stack trace is printed only
 * with {@code ACTIONBENCH_DEBUG=1}, because users act on the message, not on the trace.
 */
public final class Main {

    private final Map<String, Command> commands = new LinkedHashMap<>();
    /** Commands the runner starts itself (Slurm tasks); runnable, but not listed by --help. */
    private final Map<String, Command> internal = new LinkedHashMap<>();

    Main() {
        register(new DemoCommand());
        register(new TokenizeCommand());
        register(new ModelCommand());
        register(new BenchCommand());
        register(new ReportCommand());
        register(new MiniModelCommand());
        register(new RunCommand());
        register(new ResumeCommand());
        register(new StatusCommand());
        register(new SlurmCommand());
        register(new JudgeCommand());
        register(new PublishCommand());
        register(new GpuCommand());
        register(new ServeCommand());
        internal.put("cell", new CellCommand());
        internal.put("combine", new CombineCommand());
    }

    private void register(Command c) {
        commands.put(c.name(), c);
    }

    /** Every command's name, listed ones first, then the internal ones. */
    List<String> commandNames() {
        List<String> names = new ArrayList<>(commands.keySet());
        names.addAll(internal.keySet());
        return names;
    }

    public static void main(String[] args) {
        System.exit(new Main().run(args, System.out, System.err));
    }

    int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            printCommands(argv.length == 0 ? err : out);
            return argv.length == 0 ? 2 : 0;
        }
        String name = argv[0];
        List<String> args = new ArrayList<>(List.of(argv).subList(1, argv.length));
        Command command = commands.getOrDefault(name, internal.get(name));
        if (command == null) {
            err.println("actionbench: unknown command '" + name + "' (actionbench --help lists them)");
            return 2;
        }
        if (args.contains("--help") || args.contains("-h")) {
            out.println("usage: actionbench " + command.name() + " " + command.synopsis());
            out.println();
            out.println(command.help());
            return 0;
        }
        try {
            return command.run(args, out, err);
        } catch (UsageException e) {
            err.println("actionbench " + name + ": " + e.getMessage());
            err.println("usage: actionbench " + command.name() + " " + command.synopsis());
            return 2;
        } catch (Exception | OutOfMemoryError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println("actionbench " + name + ": " + message);
            if ("1".equals(System.getenv("ACTIONBENCH_DEBUG"))) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private void printCommands(PrintStream s) {
        s.println("usage: actionbench COMMAND [ARGS]   (actionbench COMMAND --help for details)");
        s.println();
        for (Command c : commands.values()) {
            s.printf("  %-11s %s%n", c.name(), c.summary());
        }
    }
}

package org.actionbench.runner.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code actionbench serve}: starts the annotation UI (annotation-ui's Quarkus application) in a child
 * JVM, optionally importing a run at start-up. The UI is its own application so that DJL never reaches
 * it (DESIGN.md §1); it is built on first use. Extra {@code -Dkey=value} arguments are passed to it.
 */
final class ServeCommand implements Command {
    static final String APP_JAR = "annotation-ui/target/quarkus-app/quarkus-run.jar";

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String synopsis() {
        return "[--import RUN] [-Dactionbench.ui.KEY=VALUE ...]";
    }

    @Override
    public String summary() {
        return "the annotation UI on http://localhost:8080 (imports RUN first when given)";
    }

    @Override
    public String help() {
        return """
                Starts the annotation UI on http://localhost:8080 and keeps it in the foreground (Ctrl-C stops it).
                --import RUN imports a run directory at start-up (again later: images of cells that finished
                since are added, nothing twice). The first start creates the admin account "admin"; without
                -Dactionbench.ui.admin.password=... a password is generated and printed once. The H2 database
                lives in ~/.actionbench/ui (-Dactionbench.ui.data-dir=DIR); for PostgreSQL see the README.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = new ArgumentParser().option("--import", "RUN").passThrough("-D").parse(args);
        if (!a.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positionals().get(0) + "'");
        }
        Path run = a.path("--import", null);
        List<String> props = a.passedThrough();
        if (run != null && !Files.isRegularFile(run.resolve("run.json"))) {
            throw new UsageException(run + " is not a run directory (no run.json)");
        }
        return serve(run, props, err);
    }

    static int serve(Path run, PrintStream err) throws IOException, InterruptedException {
        return serve(run, List.of(), err);
    }

    static int serve(Path run, List<String> props, PrintStream err) throws IOException, InterruptedException {
        Path home = Home.path();
        Path jar = home.resolve(APP_JAR);
        if (!Files.isRegularFile(jar)) {
            err.println("building the annotation UI (first use) ...");
            Process build = new ProcessBuilder(home.resolve("mvnw").toString(), "-q", "-B", "-DskipTests",
                    "-pl", "annotation-ui", "-am", "package").directory(home.toFile()).inheritIO().start();
            if (build.waitFor() != 0 || !Files.isRegularFile(jar)) {
                throw new IOException("could not build the annotation UI (" + jar + " missing); see the Maven output");
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(props);
        if (run != null) {
            command.add("-Dactionbench.ui.import-on-start=" + run.toAbsolutePath().normalize());
        }
        command.add("-jar");
        command.add(jar.toString());
        err.println("annotation UI: http://localhost:8080 (Ctrl-C stops it)");
        Process ui = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(ui::destroy));
        return ui.waitFor();
    }
}

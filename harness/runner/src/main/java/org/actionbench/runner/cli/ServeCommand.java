package org.actionbench.runner.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.runner.Home;

/**
 * {@code actionbench serve}: starts the annotation UI (annotation-ui's Quarkus application) in a child
 * JVM, optionally importing a run at start-up. The UI is its own application so that DJL never reaches
 * it (ARCHITECTURE.md §1); it is built on first use. Extra {@code -Dkey=value} arguments are passed to it.
 */
final class ServeCommand implements Command {
    static final String APP_JAR = "annotation-ui/target/quarkus-app/quarkus-run.jar";
    /** The PostgreSQL build (Quarkus fixes the database kind when it builds the application). */
    static final String POSTGRESQL_APP_JAR = "annotation-ui/target/postgresql/quarkus-run.jar";
    static final String PORT_PROPERTY = "-Dquarkus.http.port=";
    static final int DEFAULT_PORT = 8080;

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String synopsis() {
        return "[--import RUN] [--db jdbc:postgresql://HOST/DB] [-Dactionbench.ui.KEY=VALUE ...]";
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
                since are added, nothing twice). The first start creates the admin account "admin" with the
                password in ACTIONBENCH_UI_ADMIN_PASSWORD, or in the file ACTIONBENCH_UI_ADMIN_PASSWORD_FILE names
                (not -D..., which ps shows); without either one is generated and printed once. The H2 database
                lives in ~/.actionbench/ui (-Dactionbench.ui.data-dir=DIR). --db jdbc:postgresql://HOST:PORT/DB uses
                that PostgreSQL instead (user and password from QUARKUS_DATASOURCE_USERNAME and
                QUARKUS_DATASOURCE_PASSWORD); its build of the UI is made on first use. -Dquarkus.http.port=N
                (or QUARKUS_HTTP_PORT) serves on another port.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = new ArgumentParser().option("--import", "RUN").option("--db", "JDBC-URL")
                .passThrough("-D").parse(args);
        if (!a.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positionals().get(0) + "'");
        }
        String db = a.value("--db");
        if (db != null && !db.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--db needs a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB)");
        }
        Path run = a.path("--import", null);
        List<String> props = new ArrayList<>(a.passedThrough());
        if (run != null && !Files.isRegularFile(run.resolve("run.json"))) {
            throw new UsageException(run + " is not a run directory (no run.json)");
        }
        port(props); // a bad port is refused before anything is built
        if (db != null) {
            props.add("-Dquarkus.datasource.jdbc.url=" + db);
        }
        return serve(run, props, db != null, err);
    }

    static int serve(Path run, PrintStream err) throws IOException, InterruptedException {
        return serve(run, List.of(), err);
    }

    static int serve(Path run, List<String> props, PrintStream err) throws IOException, InterruptedException {
        return serve(run, props, false, err);
    }

    static int serve(Path run, List<String> props, boolean postgresql, PrintStream err)
            throws IOException, InterruptedException {
        Path home = Home.path();
        Path jar = home.resolve(postgresql ? POSTGRESQL_APP_JAR : APP_JAR);
        if (!Files.isRegularFile(jar)) {
            err.println("building the annotation UI" + (postgresql ? " for PostgreSQL" : "") + " (first use) ...");
            List<String> mvn = new ArrayList<>(List.of(home.resolve("mvnw").toString(), "-q", "-B", "-DskipTests",
                    "-pl", "annotation-ui", "-am", "package"));
            if (postgresql) {
                // annotation-ui's application.properties takes the kind from actionbench.db-kind at build time.
                mvn.add("-Dactionbench.db-kind=postgresql");
                mvn.add("-Dquarkus.package.output-directory=postgresql");
            }
            Process build = new ProcessBuilder(mvn).directory(home.toFile()).inheritIO().start();
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
        int port;
        try {
            port = port(props);
        } catch (UsageException e) {
            port = DEFAULT_PORT; // run() refused a bad port before; other callers pass none
        }
        err.println("annotation UI: http://localhost:" + port + " (Ctrl-C stops it)");
        Process ui = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(ui::destroy));
        return ui.waitFor();
    }

    /** The port the UI will listen on: the last -Dquarkus.http.port=N given, else QUARKUS_HTTP_PORT, else 8080. */
    static int port(List<String> props) throws UsageException {
        return port(props, System.getenv());
    }

    /**
     * The same with the environment given: the UI inherits it, and Quarkus reads QUARKUS_HTTP_PORT below a system
     * property.
     */
    static int port(List<String> props, java.util.Map<String, String> env) throws UsageException {
        int port = DEFAULT_PORT;
        String fromEnv = env.get("QUARKUS_HTTP_PORT");
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                port = Integer.parseInt(fromEnv.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("QUARKUS_HTTP_PORT needs a number, not '" + fromEnv + "'");
            }
        }
        for (String p : props) {
            if (p.startsWith(PORT_PROPERTY)) {
                try {
                    port = Integer.parseInt(p.substring(PORT_PROPERTY.length()).trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("-Dquarkus.http.port needs a number, not '"
                            + p.substring(PORT_PROPERTY.length()) + "'");
                }
            }
        }
        return port;
    }
}

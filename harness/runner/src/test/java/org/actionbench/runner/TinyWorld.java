package org.actionbench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.mini.world.MiniBench;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.actionbench.engine.weights.DType;

/**
 * What the runner's tests run on: the ActionBench-Mini bench at the tiny model's 32×32, and a snapshot of
 * the engine's random-weight tiny model, both written once into a test class's directory.
 */
public record TinyWorld(Path bench, Path model) {
    public static final int RESOLUTION = 32;

    private static TinyWorld shared;

    /** One world per test JVM (written once, a few seconds), in a directory removed when the JVM exits. */
    public static synchronized TinyWorld shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("actionbench-runner-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            shared = create(dir);
        }
        return shared;
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    public static TinyWorld create(Path dir) throws IOException {
        Path bench = dir.resolve("bench");
        Path model = dir.resolve("model");
        MiniBench.write(bench, 0, RESOLUTION);
        try (StableDiffusion sd = TinyModels.random(7)) {
            sd.save(model, DType.F32);
        }
        return new TinyWorld(bench, model);
    }

    /** A YAML spec in {@code file} with this world's bench and model, {@code output} and the rest given. */
    public Path spec(Path file, Path output, String rest) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, "bench: " + bench + "\nmodel: " + model + "\noutput: " + output + "\n" + rest);
        return file;
    }

    /**
     * The class path a child JVM needs to run this test's code: under Maven the JVM's own; under a launcher that
     * loads tests through its own class loader (JUnit's console launcher) that loader's entries come first.
     */
    public static String classpath() {
        List<String> entries = new ArrayList<>();
        ClassLoader loader = TinyWorld.class.getClassLoader();
        if (loader instanceof java.net.URLClassLoader urls) {
            for (java.net.URL u : urls.getURLs()) {
                try {
                    entries.add(Path.of(u.toURI()).toString());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        entries.add(System.getProperty("java.class.path"));
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Every file under {@code root}, relative, '/' separated, sorted. */
    public static List<String> files(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (var s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
        }
        out.sort(null);
        return out;
    }
}

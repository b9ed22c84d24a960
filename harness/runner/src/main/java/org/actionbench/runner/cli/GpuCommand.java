package org.actionbench.runner.cli;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.engine.device.NativeLibrary;
import org.actionbench.runner.Home;
import org.actionbench.runner.gpu.LibtorchLayout;

final class GpuCommand implements Command {
    /**
     * The newest CUDA libtorch for DJL on Maven Central and the JNI built for it (issue 20): CUDA 12.4 runtime
     * and cuDNN 9 inside the 2.46 GB jar.
     */
    static final String CUDA_NATIVE = "ai.djl.pytorch:pytorch-native-cu124:2.5.1:jar:linux-x86_64";
    static final String CUDA_JNI = "ai.djl.pytorch:pytorch-jni:2.5.1-0.33.0:jar";

    @Override
    public String name() {
        return "gpu";
    }

    @Override
    public String synopsis() {
        return "prepare DIR [--native-jar JAR --jni-jar JAR] | info [--device D]";
    }

    @Override
    public String summary() {
        return "lay out a CUDA libtorch directory from Maven artifacts; show the loaded libtorch and GPUs";
    }

    @Override
    public String help() {
        return """
                prepare DIR   fetches %s
                              and %s through the Maven wrapper
                              (from Maven Central or the repository in ~/.m2/settings.xml) and lays DIR out for
                              ACTIONBENCH_LIBTORCH=DIR: lib/ (libtorch), cache/ (the JNI library where DJL looks
                              for it) and libtorch.properties. --native-jar and --jni-jar use jars already at hand
                              instead (any matching DJL pair, e.g. the CPU flavor). DIR must be new or empty.
                info          prints "libtorch VERSION FLAVOR DIR", "gpus N" and "device D ok" (--device, default
                              cuda when a GPU is visible, else cpu); exit 1 when the device is not usable.
                Which libtorch the launcher loads: ACTIONBENCH_NATIVE=cpu (default) | cuda, or
                ACTIONBENCH_LIBTORCH=DIR (README, section GPU).""".formatted(CUDA_NATIVE, CUDA_JNI);
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = new ArgumentParser().option("--native-jar", "JAR").option("--jni-jar", "JAR")
                .option("--device", "D").parse(args);
        List<String> p = a.positionals();
        if (p.isEmpty()) {
            throw new UsageException("expected prepare DIR, or info");
        }
        switch (p.get(0)) {
            case "prepare" -> {
                if (p.size() != 2) {
                    throw new UsageException("prepare needs DIR");
                }
                return prepare(Path.of(p.get(1)), a.value("--native-jar"), a.value("--jni-jar"), out);
            }
            case "info" -> {
                if (p.size() != 1) {
                    throw new UsageException("info takes no positional argument");
                }
                NativeLibrary lib = NativeLibrary.loaded();
                out.println("libtorch " + lib.version() + " " + lib.flavor() + " " + lib.directory());
                out.println("gpus " + lib.gpuCount());
                String d = a.value("--device");
                ComputeDevice device = ComputeDevice.parse(d != null ? d : lib.gpuCount() > 0 ? "cuda" : "cpu");
                device.resolve();
                out.println("device " + device + " ok");
                return 0;
            }
            default -> throw new UsageException("unknown gpu action '" + p.get(0) + "': expected prepare or info");
        }
    }

    private static int prepare(Path dir, String nativeJar, String jniJar, PrintStream out) throws Exception {
        if ((nativeJar == null) != (jniJar == null)) {
            throw new UsageException("--native-jar and --jni-jar go together");
        }
        LibtorchLayout.Prepared prepared;
        String djl = Engine.getDjlVersion();
        if (nativeJar != null) {
            prepared = LibtorchLayout.layOut(Path.of(nativeJar), Path.of(jniJar), dir, djl);
        } else {
            Path jars = Files.createTempDirectory("actionbench-gpu-jars");
            try {
                fetch(CUDA_NATIVE, jars);
                fetch(CUDA_JNI, jars);
                prepared = LibtorchLayout.layOut(jars.resolve("pytorch-native-cu124-2.5.1-linux-x86_64.jar"),
                        jars.resolve("pytorch-jni-2.5.1-0.33.0.jar"), dir, djl);
            } finally {
                try (var s = Files.walk(jars)) {
                    for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
        out.println("libtorch " + prepared.version() + " " + prepared.flavor() + " " + prepared.classifier()
                + " jni " + prepared.jniVersion());
        out.println("use it with: ACTIONBENCH_LIBTORCH=" + dir.toAbsolutePath().normalize() + " ./actionbench ...");
        return 0;
    }

    /** One artifact through the Maven wrapper into {@code into} (Maven's own download, retries and mirrors). */
    private static void fetch(String artifact, Path into) throws IOException, InterruptedException {
        Path mvnw = Home.path().resolve("mvnw");
        List<String> cmd = new ArrayList<>(List.of(mvnw.toString(), "-B", "-q",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy", "-Dartifact=" + artifact,
                "-DoutputDirectory=" + into));
        Process proc = new ProcessBuilder(cmd).directory(Home.path().toFile()).inheritIO().start();
        if (!proc.waitFor(6, TimeUnit.HOURS) || proc.exitValue() != 0) {
            proc.destroyForcibly();
            throw new IOException("fetching " + artifact + " through " + mvnw + " failed (its output is above)");
        }
    }
}

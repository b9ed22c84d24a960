package org.actionbench.runner.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's native-library choice (harness/runner/src/main/shell/native-library.sh, run by bash as the
 * launcher runs it) and {@code gpu prepare}'s directory layout, loaded for real by a fresh JVM: the layout is
 * built from the CPU flavor of the same DJL jars the CUDA path uses (no CUDA jar is fetched here).
 */
class NativeLibraryTest {
    static final Path SCRIPT = Path.of("src/main/shell/native-library.sh").toAbsolutePath();
    static Path nativeJar;
    static Path jniJar;

    @BeforeAll
    static void findJars() {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (name.startsWith("pytorch-native-cpu-")) {
                nativeJar = Path.of(e);
            } else if (name.startsWith("pytorch-jni-")) {
                jniJar = Path.of(e);
            }
        }
        assertTrue(nativeJar != null && jniJar != null, "the test class path carries DJL's CPU jars");
    }

    record Result(int exit, String out, String err) {
    }

    /** Sources the script, calls actionbench_native, prints the classpath, the JVM flags and DJL's variables. */
    static Result choose(String classpath, Map<String, String> env) throws Exception {
        return bash(env, "source '" + SCRIPT + "'; actionbench_native \"$CP\" || exit $?; echo \"cp=$native_classpath\";"
                + " for o in \"${native_java_opts[@]}\"; do echo \"opt=$o\"; done;"
                + " env | grep -E '^(PYTORCH_|ENGINE_CACHE_DIR|ACTIONBENCH_NATIVE_MODE)' | sort", classpath);
    }

    static Result bash(Map<String, String> env, String script, String classpath) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; " + script);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("PYTORCH_") || k.startsWith("ACTIONBENCH_") || k.equals("ENGINE_CACHE_DIR"));
        e.put("CP", classpath);
        e.putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var err = new java.io.ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        t.join();
        return new Result(exit, out, err.toString(StandardCharsets.UTF_8));
    }

    static final String CP = "/x/classes:/m2/ai/djl/pytorch/pytorch-native-cpu-2.7.1-linux-x86_64.jar:/m2/a.jar";

    @Test
    void cpuIsTheDefaultAndKeepsTheBundledJarOffline() throws Exception {
        Result r = choose(CP, Map.of());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("cp=" + CP, "opt=-Dai.djl.offline=true", "ACTIONBENCH_NATIVE_MODE=cpu"), lines(r.out()));
    }

    @Test
    void cudaDropsTheCpuJarAndLetsDjlFetchOnce() throws Exception {
        Result r = choose(CP, Map.of("ACTIONBENCH_NATIVE", "cuda"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("cp=/x/classes:/m2/a.jar", "ACTIONBENCH_NATIVE_MODE=cuda"), lines(r.out()));
    }

    @Test
    void badChoicesAreOneMessageAndExitTwo(@TempDir Path dir) throws Exception {
        Result unknown = choose(CP, Map.of("ACTIONBENCH_NATIVE", "rocm"));
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("ACTIONBENCH_NATIVE=rocm: expected cpu or cuda"), unknown.err());
        Result both = choose(CP, Map.of("ACTIONBENCH_NATIVE", "cpu", "ACTIONBENCH_LIBTORCH", dir.toString()));
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("both choose a native library"), both.err());
        Result unprepared = choose(CP, Map.of("ACTIONBENCH_LIBTORCH", dir.toString()));
        assertEquals(2, unprepared.exit());
        assertTrue(unprepared.err().contains("actionbench gpu prepare " + dir), unprepared.err());
        assertEquals("", unprepared.out());
    }

    @Test
    void aPreparedDirectoryIsLoadedByAFreshJvmWithoutTheCpuJar(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("libtorch");
        LibtorchLayout.Prepared p = LibtorchLayout.layOut(nativeJar, jniJar, dir, Engine.getDjlVersion());
        Properties jarProps = nativeProperties();
        String version = jarProps.getProperty("version").replaceFirst("-\\d+$", "");
        assertEquals(version, p.version());
        assertEquals("cpu", p.flavor());
        for (String lib : jarProps.getProperty("libraries").split(",")) {
            assertTrue(Files.size(dir.resolve("lib").resolve(lib)) > 0, lib);
        }
        Path jni = dir.resolve("cache/pytorch/" + version + "-cpu-linux-x86_64/" + Engine.getDjlVersion()
                + "-libdjl_torch.so");
        assertTrue(Files.size(jni) > 0, jni.toString());

        Result chosen = choose(CP, Map.of("ACTIONBENCH_LIBTORCH", dir.toString()));
        assertEquals(0, chosen.exit(), chosen.err());
        Path real = dir.toRealPath();
        assertEquals(List.of("cp=/x/classes:/m2/a.jar", "opt=-Dai.djl.offline=true",
                "opt=-Djna.library.path=" + real.resolve("lib"), "ACTIONBENCH_NATIVE_MODE=libtorch",
                "ENGINE_CACHE_DIR=" + real.resolve("cache"), "PYTORCH_FLAVOR=cpu",
                "PYTORCH_LIBRARY_PATH=" + real.resolve("lib"), "PYTORCH_VERSION=" + version), lines(chosen.out()));

        // A fresh, empty DJL cache: the library can only come from the prepared directory.
        Path cache = Files.createDirectories(tmp.resolve("djl-cache"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> env = new LinkedHashMap<>(Map.of("ACTIONBENCH_LIBTORCH", dir.toString(),
                "DJL_CACHE_DIR", cache.toString()));
        String run = "source '" + SCRIPT + "'; actionbench_native \"$CP\"; exec '" + java
                + "' \"${native_java_opts[@]}\" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp \"$native_classpath\""
                + " org.actionbench.runner.cli.Main gpu info";
        Result info = bash(env, run, System.getProperty("java.class.path"));
        assertEquals(0, info.exit(), info.err());
        assertEquals(List.of("libtorch " + version + " cpu " + real.resolve("lib"), "gpus 0", "device cpu ok"),
                lines(info.out()));
        try (var s = Files.list(cache)) {
            assertFalse(s.findAny().isPresent(), "nothing extracted into the ordinary DJL cache");
        }

        Result cuda = bash(env, run + " --device cuda:1", System.getProperty("java.class.path"));
        assertEquals(1, cuda.exit(), cuda.out());
        assertTrue(cuda.err().contains("device cuda:1 asked for, but the loaded libtorch (" + version + " cpu, "
                + real.resolve("lib") + ") sees 0 GPUs; refusing to run on the CPU instead"), cuda.err());
    }

    @Test
    void aJniBuiltForAnotherLibtorchIsRefusedAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path otherJni = tmp.resolve("pytorch-jni-2.5.1-0.33.0.jar");
        try (var zip = new ZipOutputStream(Files.newOutputStream(otherJni))) {
            zip.putNextEntry(new ZipEntry("jnilib/pytorch.properties"));
            zip.write("jni_version=2.5.1-0.33.0\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path dir = tmp.resolve("libtorch");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> LibtorchLayout.layOut(nativeJar, otherJni, dir, Engine.getDjlVersion()));
        assertTrue(e.getMessage().contains("is the JNI for libtorch 2.5.1-0.33.0 but"), e.getMessage());
        assertTrue(e.getMessage().contains("must match exactly"), e.getMessage());
        assertFalse(Files.exists(dir));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(otherJni), s.toList(), "no temporary directory left behind");
        }
    }

    private static Properties nativeProperties() throws IOException {
        try (var zip = new java.util.zip.ZipFile(nativeJar.toFile())) {
            Properties p = new Properties();
            p.load(zip.getInputStream(zip.getEntry("native/lib/pytorch.properties")));
            return p;
        }
    }

    private static List<String> lines(String s) {
        return Arrays.stream(s.split("\n")).filter(l -> !l.isEmpty()).toList();
    }
}

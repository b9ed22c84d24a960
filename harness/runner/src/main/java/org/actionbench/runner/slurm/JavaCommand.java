package org.actionbench.runner.slurm;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a Slurm task starts the runner: this JVM's java, class path and the settings the engine needs
 * (the native library this JVM was started with, one intra-op thread per CPU asked for, the native library
 * cache in {@code DJL_CACHE_DIR}), so a task runs exactly the code, and the same libtorch, that submitted it.
 */
public record JavaCommand(Path java, String classpath, List<String> jvmArgs, Map<String, String> environment) {
    /** System properties passed on when set here: the launcher's and the test harness's engine settings. */
    private static final List<String> FORWARDED = List.of("ai.djl.offline", "jna.library.path",
            "ai.djl.pytorch.num_interop_threads", "java.awt.headless", "org.slf4j.simpleLogger.defaultLogLevel",
            "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "log4j2.loggerContextFactory");
    /**
     * Environment passed on when set here: the variables the launcher's native-library choice exports
     * (harness/runner/src/main/shell/native-library.sh), which DJL reads when it loads libtorch.
     */
    static final List<String> FORWARDED_ENVIRONMENT = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION",
            "PYTORCH_FLAVOR", "ENGINE_CACHE_DIR", "ACTIONBENCH_NATIVE_MODE");

    /**
     * HotSpot resets the SSE control/status register (MXCSR) after every native call. Without it libtorch's
     * vectorised exp sometimes ran ~50x slower in a process that had fine-tuned a whole UNet (runner SPEC.md,
     * "Estimates"); the launcher passes it too, so every JVM that computes does.
     */
    private static final String RESET_FLOAT_STATE = "-XX:+RestoreMXCSROnJNICalls";

    public JavaCommand {
        jvmArgs = List.copyOf(jvmArgs);
        environment = Map.copyOf(environment);
    }

    /** The command line that starts the runner's CLI ({@code Main}) with these settings; its arguments follow. */
    public List<String> cliCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(SlurmExecutor.MAIN);
        return cmd;
    }

    /** This JVM's java and class path; {@code threads} PyTorch intra-op threads. */
    public static JavaCommand current(int threads) {
        return current(System.getProperty("java.class.path"), threads);
    }

    public static JavaCommand current(String classpath, int threads) {
        return of(classpath, threads, System::getProperty, System.getenv());
    }

    /** As {@link #current}, reading system properties from {@code property} and the environment from {@code env}. */
    static JavaCommand of(String classpath, int threads, Function<String, String> property, Map<String, String> env) {
        List<String> args = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss")) {
                args.add(a);
            }
        }
        args.add(RESET_FLOAT_STATE);
        args.add("-Dai.djl.pytorch.num_threads=" + threads);
        for (String p : FORWARDED) {
            String v = property.apply(p);
            if (v != null) {
                args.add("-D" + p + "=" + v);
            }
        }
        Map<String, String> taskEnv = new LinkedHashMap<>();
        String cache = env.get("DJL_CACHE_DIR");
        taskEnv.put("DJL_CACHE_DIR", cache != null ? cache
                : Path.of(property.apply("user.home"), ".cache", "actionbench", "djl").toString());
        for (String name : FORWARDED_ENVIRONMENT) {
            String v = env.get(name);
            if (v != null) {
                taskEnv.put(name, v);
            }
        }
        return new JavaCommand(Path.of(property.apply("java.home"), "bin", "java"), classpath, args, taskEnv);
    }
}

package org.actionbench.runner.slurm;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Slurm task starts the runner: this JVM's java, class path and the settings the engine needs
 * (DJL offline from its native jar, one intra-op thread per CPU asked for, the native library cache in
 * {@code DJL_CACHE_DIR}), so a task runs exactly the code that submitted it.
 */
public record JavaCommand(Path java, String classpath, List<String> jvmArgs, Map<String, String> environment) {
    /** System properties passed on when set here: the launcher's and the test harness's engine settings. */
    private static final List<String> FORWARDED = List.of("ai.djl.pytorch.num_interop_threads", "java.awt.headless",
            "org.slf4j.simpleLogger.defaultLogLevel", "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils",
            "log4j2.loggerContextFactory");

    public JavaCommand {
        jvmArgs = List.copyOf(jvmArgs);
        environment = Map.copyOf(environment);
    }

    /** This JVM's java and class path; {@code threads} PyTorch intra-op threads. */
    public static JavaCommand current(int threads) {
        return current(System.getProperty("java.class.path"), threads);
    }

    public static JavaCommand current(String classpath, int threads) {
        List<String> args = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss")) {
                args.add(a);
            }
        }
        args.add("-Dai.djl.offline=true");
        args.add("-Dai.djl.pytorch.num_threads=" + threads);
        for (String p : FORWARDED) {
            String v = System.getProperty(p);
            if (v != null) {
                args.add("-D" + p + "=" + v);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        String cache = System.getenv("DJL_CACHE_DIR");
        env.put("DJL_CACHE_DIR", cache != null ? cache
                : Path.of(System.getProperty("user.home"), ".cache", "actionbench", "djl").toString());
        return new JavaCommand(Path.of(System.getProperty("java.home"), "bin", "java"), classpath, args, env);
    }
}

package org.actionbench.engine.device;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The libtorch DJL loaded in this JVM, for run records and error messages: its version, flavor ({@code cpu},
 * {@code cu124}, …), directory and the GPUs it sees.
 */
public record NativeLibrary(String version, String flavor, Path directory, int gpuCount) {
    /** DJL's cache names a libtorch directory VERSION-FLAVOR-CLASSIFIER (e.g. 2.7.1-20250812-cpu-linux-x86_64). */
    private static final Pattern CACHE_DIR_FLAVOR = Pattern.compile(".*-(cpu|cu\\d+)(?:-precxx11)?-[a-z]+-[a-z0-9_]+");

    /** Loads the engine if needed. */
    public static NativeLibrary loaded() {
        Engine engine = Engine.getEngine("PyTorch");
        Path dir = Path.of(LibUtils.getLibtorchPath());
        return new NativeLibrary(engine.getVersion(), flavor(System.getenv("PYTORCH_FLAVOR"), dir), dir,
                engine.getGpuCount());
    }

    /** PYTORCH_FLAVOR when set (DJL names a PYTORCH_LIBRARY_PATH library by it), else the cache directory's name. */
    static String flavor(String pytorchFlavor, Path dir) {
        if (pytorchFlavor != null && !pytorchFlavor.isBlank()) {
            return pytorchFlavor;
        }
        Matcher m = CACHE_DIR_FLAVOR.matcher(dir.getFileName().toString());
        return m.matches() ? m.group(1) : "unknown";
    }

    /** One line for logs: {@code libtorch 2.7.1 cpu /path (0 GPUs)}. */
    public String describe() {
        return "libtorch " + version + " " + flavor + " " + directory + " (" + gpuCount + " GPU"
                + (gpuCount == 1 ? "" : "s") + ")";
    }
}

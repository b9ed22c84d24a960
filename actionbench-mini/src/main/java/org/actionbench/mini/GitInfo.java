package org.actionbench.mini;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The code version a generated artifact or a run came from, for provenance files and run.json. */
public final class GitInfo {
    private GitInfo() {
    }

    /** {@code git describe --always --dirty} of the working directory, or "unknown" outside a git checkout. */
    static String describe() {
        return describe(Path.of(""));
    }

    /** {@code git describe --always --dirty} of the checkout holding {@code directory}, or "unknown". */
    public static String describe(Path directory) {
        try {
            Process p = new ProcessBuilder("git", "-C", directory.toAbsolutePath().toString(), "describe", "--always",
                    "--dirty", "--abbrev=40").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? s : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}

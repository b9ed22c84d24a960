package org.actionbench.runner.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the batch scripts say, without a cluster: the GPU request and the native library a task loads. */
class SlurmScriptTest {
    static final Path RUN = Path.of("/cluster/runs/r1");

    static final Map<String, String> PROPERTIES = Map.of("java.home", "/jdk", "user.home", "/home/u",
            "ai.djl.offline", "true", "jna.library.path", "/opt/lt/lib");

    @Test
    void gpuOptionsGoOnTheCellTasksOnly() {
        SlurmOptions o = new SlurmOptions("gpu", "04:00:00", "32G", 8, 1, "gpu:a100:1", List.of("--account=x"));
        JavaCommand java = JavaCommand.of("/cp/a.jar", 8, PROPERTIES::get, Map.of());
        SlurmExecutor ex = new SlurmExecutor(o, java);
        String cells = ex.cellScript(RUN);
        assertTrue(cells.contains("#SBATCH --partition=gpu\n#SBATCH --time=04:00:00\n#SBATCH --mem=32G\n"
                + "#SBATCH --cpus-per-task=8\n#SBATCH --account=x\n#SBATCH --gpus-per-task=1\n"
                + "#SBATCH --gres=gpu:a100:1\n"), cells);
        String combine = ex.script(RUN, "actionbench-combine", RUN.resolve("log"), o.sbatchOptions(), "combine", "");
        assertFalse(combine.contains("--gpus-per-task") || combine.contains("--gres"), combine);
        assertTrue(combine.contains("#SBATCH --partition=gpu\n"), combine);
        assertTrue(o.asksForGpus());
        assertFalse(SlurmOptions.DEFAULT.asksForGpus());
        assertTrue(new SlurmOptions(null, null, null, 1, null, null, List.of("--gres=gpu:2")).asksForGpus());
    }

    @Test
    void everyTaskResetsTheFloatingPointStateAfterNativeCalls() {
        JavaCommand java = JavaCommand.of("/cp/a.jar", 2, PROPERTIES::get, Map.of());
        assertTrue(java.jvmArgs().contains("-XX:+RestoreMXCSROnJNICalls"), java.jvmArgs().toString());
        String cells = new SlurmExecutor(SlurmOptions.DEFAULT, java).cellScript(RUN);
        assertTrue(cells.contains(" '-XX:+RestoreMXCSROnJNICalls' "), cells);
    }

    @Test
    void aTaskLoadsTheLibtorchThisJvmWasStartedWith() {
        Map<String, String> env = Map.of("PYTORCH_LIBRARY_PATH", "/opt/lt/lib", "PYTORCH_VERSION", "2.5.1",
                "PYTORCH_FLAVOR", "cu124", "ENGINE_CACHE_DIR", "/opt/lt/cache", "ACTIONBENCH_NATIVE_MODE", "libtorch",
                "HOME", "/home/u", "DJL_CACHE_DIR", "/scratch/djl");
        JavaCommand java = JavaCommand.of("/cp/a.jar", 4, PROPERTIES::get, env);
        assertEquals(Map.of("DJL_CACHE_DIR", "/scratch/djl", "PYTORCH_LIBRARY_PATH", "/opt/lt/lib", "PYTORCH_VERSION",
                "2.5.1", "PYTORCH_FLAVOR", "cu124", "ENGINE_CACHE_DIR", "/opt/lt/cache", "ACTIONBENCH_NATIVE_MODE",
                "libtorch"), java.environment());
        assertTrue(java.jvmArgs().containsAll(List.of("-Dai.djl.pytorch.num_threads=4", "-Dai.djl.offline=true",
                "-Djna.library.path=/opt/lt/lib")), java.jvmArgs().toString());
        String script = new SlurmExecutor(SlurmOptions.DEFAULT, java).cellScript(RUN);
        assertTrue(script.contains("export PYTORCH_LIBRARY_PATH='/opt/lt/lib'\n"), script);
        assertTrue(script.contains("'-Djna.library.path=/opt/lt/lib'"), script);
    }

    @Test
    void aCudaDownloadRunIsNotMadeOffline() {
        JavaCommand java = JavaCommand.of("/cp/a.jar", 1, Map.of("java.home", "/jdk", "user.home", "/h")::get,
                Map.of("ACTIONBENCH_NATIVE_MODE", "cuda"));
        assertFalse(java.jvmArgs().stream().anyMatch(a -> a.startsWith("-Dai.djl.offline")), java.jvmArgs().toString());
        assertEquals("/h/.cache/actionbench/djl", java.environment().get("DJL_CACHE_DIR"));
    }
}

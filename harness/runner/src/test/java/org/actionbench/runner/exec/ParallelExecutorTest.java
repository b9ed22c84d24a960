package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.data.run.CellState;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.RunManifest;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.progress.ParallelProgress;
import org.actionbench.runner.progress.ProgressSink;
import org.actionbench.runner.slurm.JavaCommand;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --parallel}: the same run as a serial one, byte for byte, and as kill-safe. */
class ParallelExecutorTest {
    static TinyWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        world = TinyWorld.shared();
    }

    private static ParallelExecutor parallel(ProgressSink sink) {
        JavaCommand java = JavaCommand.current(TinyWorld.classpath(), 1);
        return new ParallelExecutor(MethodCatalog.installed(), sink, java.cliCommand(), java.environment(),
                ParallelExecutor.sameSlots(2, List.of()), PlannedCell.LONGEST_FIRST);
    }

    /**
     * Each slot's arguments reach the children that run in it, and a slot never has two children at once: what
     * makes "one cell per GPU" hold when the slots' arguments are {@code --device cuda:i}. The children are
     * wrapped in a shell that logs their arguments when they start and end; the slots here are told apart by
     * {@code --check-devices}, the one child argument a CPU machine can vary.
     */
    @Test
    void eachSlotRunsOneCellAtATimeWithItsOwnArguments(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.log");
        JavaCommand java = JavaCommand.current(TinyWorld.classpath(), 1);
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "echo \"start $*\" >> '" + events + "'; \"$@\"; "
                + "rc=$?; echo \"end $*\" >> '" + events + "'; exit $rc", "sh"));
        wrapped.addAll(java.cliCommand());
        List<List<String>> slots = SlotDevices.childArguments(List.of(ComputeDevice.CPU, ComputeDevice.CPU), false);
        slots = List.of(slots.get(0), List.of("--device", "cpu", "--check-devices"));
        Path run = new ParallelExecutor(MethodCatalog.installed(), ProgressSink.NONE, wrapped, java.environment(),
                slots, PlannedCell.LONGEST_FIRST)
                .run(RunSpecReader.read(world.spec(dir.resolve("s.yaml"), dir.resolve("run"), LocalExecutorTest.GRID)));
        List<String> lines = Files.readAllLines(events);
        assertEquals(8, lines.size(), String.join("\n", lines));
        int[] busy = new int[2];
        int[] used = new int[2];
        for (String l : lines) {
            assertTrue(l.contains(" --with-parent --device cpu"), l);
            int slot = l.endsWith(" --check-devices") ? 1 : 0;
            if (l.startsWith("start ")) {
                busy[slot]++;
                used[slot]++;
                assertEquals(1, busy[slot], "two children at once in slot " + slot + ":\n" + String.join("\n", lines));
            } else {
                busy[slot]--;
            }
        }
        assertTrue(used[0] > 0 && used[1] > 0, "both slots ran cells:\n" + String.join("\n", lines));
        assertEquals(4, used[0] + used[1]);
        assertEquals(CellState.Status.DONE, CellState.read(new RunLayout(run).cellState(
                new RunLayout.Cell("textual-inversion", "bow"))).status());
    }

    @Test
    void twoCellsAtOnceGiveTheSerialRunsBytesAndShowEveryRunningCell(@TempDir Path dir) throws Exception {
        Path serial = new LocalExecutor(MethodCatalog.installed(), ProgressSink.NONE)
                .run(RunSpecReader.read(world.spec(dir.resolve("a.yaml"), dir.resolve("serial"),
                        LocalExecutorTest.GRID)));
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        Path run = parallel(new ParallelProgress(new PrintStream(shown, true, StandardCharsets.UTF_8), false, 0))
                .run(RunSpecReader.read(world.spec(dir.resolve("b.yaml"), dir.resolve("parallel"),
                        LocalExecutorTest.GRID + "attentionScoreChunkMb: 3\n")));
        // The tiny model's scores fit one chunk of either budget, so the bytes stay the serial run's; each child
        // JVM must still have computed under the spec's budget, not the default.
        LocalExecutorTest.assertSameRun(serial, run);
        RunLayout layout = new RunLayout(run);
        RunManifest manifest = RunManifest.read(run.resolve(RunManifest.FILE_NAME));
        assertEquals("3", manifest.versions().get("attentionScoreChunkMb"), "run.json records the budget");
        assertTrue(manifest.versions().get("djl").matches("\\d+\\.\\d+\\.\\d+.*"),
                "run.json records DJL's version: " + manifest.versions().get("djl"));
        for (var byAction : manifest.cells().entrySet()) {
            for (String action : byAction.getValue().keySet()) {
                String log = Files.readString(layout.trainLog(new RunLayout.Cell(byAction.getKey(), action)));
                assertTrue(log.contains("attention score chunks of at most 3 MiB"), log);
            }
        }
        String display = shown.toString(StandardCharsets.UTF_8);
        // The two training cells start first (longest first) and run side by side.
        java.util.List<String> started = display.lines().filter(l -> l.endsWith(": started")).toList();
        assertEquals(4, started.size(), display);
        assertTrue(started.get(0).contains("textual-inversion/") && started.get(1).contains("textual-inversion/"),
                display);
        assertTrue(display.contains("run: 4/4 cells, 16/16 images"), display);
        assertTrue(display.lines().anyMatch(l -> l.contains("textual-inversion/raise-one-arm ")
                && l.contains("textual-inversion/bow ")), display);
    }

    @Test
    void theParentKilledMidTrainingTakesItsCellsWithItAndAResumeFinishesTheSameRun(@TempDir Path dir)
            throws Exception {
        Path straight = new LocalExecutor(MethodCatalog.installed(), ProgressSink.NONE)
                .run(RunSpecReader.read(world.spec(dir.resolve("a.yaml"), dir.resolve("straight"),
                        LocalExecutorTest.GRID)));
        Path killed = dir.resolve("killed");
        Path spec = world.spec(dir.resolve("b.yaml"), killed, LocalExecutorTest.GRID);
        RunLayout layout = new RunLayout(killed);
        RunLayout.Cell training = new RunLayout.Cell("textual-inversion", "raise-one-arm");

        Process parent = LocalExecutorTest.startCli(dir.resolve("parent.log"), "run", spec.toString(), "--parallel",
                "2");
        LocalExecutorTest.waitFor(parent, dir.resolve("parent.log"),
                () -> LocalExecutorTest.metricsRows(layout.metricsCsv(training)) >= 6);
        parent.destroyForcibly();
        parent.waitFor();
        assertEquals(CellState.Status.RUNNING, CellState.read(layout.cellState(training)).status());
        // The children end with their parent: no cell stays locked by an orphan.
        long end = System.nanoTime() + 20_000_000_000L;
        for (RunLayout.Cell c : layout.cells()) {
            while (Files.isDirectory(layout.cell(c))) {
                try (CellLock free = CellLock.tryAcquire(layout.cell(c))) {
                    if (free != null) {
                        break;
                    }
                }
                if (System.nanoTime() > end) {
                    fail("cell " + c + " is still locked 20 s after its parent was killed");
                }
                Thread.sleep(20);
            }
        }
        assertFalse(CellState.read(layout.cellState(training)).isDone());

        parallel(ProgressSink.NONE).resume(killed);
        LocalExecutorTest.assertSameRun(straight, killed);
        assertTrue(Files.readString(layout.trainLog(training)).contains("resumed"), "the training was not resumed");
    }

    @Test
    void libtorchsNnpackWarningIsNotKeptAsAChildsLastOutput() {
        assertTrue(ParallelExecutor.isLibtorchNoise("[W1207 04:05:49.028253496 NNPACK.cpp:57] Could not initialize"
                + " NNPACK! Reason: Unsupported hardware."));
        assertFalse(ParallelExecutor.isLibtorchNoise("java.lang.IllegalStateException: NNPACK is not the problem"));
        assertFalse(ParallelExecutor.isLibtorchNoise("cell textual-inversion/bow failed"));
    }
}

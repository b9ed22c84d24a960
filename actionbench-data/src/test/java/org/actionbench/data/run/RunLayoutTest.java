package org.actionbench.data.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLayoutTest {
    @TempDir
    Path dir;

    @Test
    void pathsFollowTheDesign() {
        RunLayout run = new RunLayout(Path.of("/runs/r1"));
        RunLayout.Cell cell = new RunLayout.Cell("adi", "raise-finger");
        assertEquals(Path.of("/runs/r1/run.json"), run.manifest());
        assertEquals(Path.of("/runs/r1/samples.jsonl"), run.samplesJsonl());
        assertEquals(Path.of("/runs/r1/cells/adi/raise-finger"), run.cell(cell));
        assertEquals(Path.of("/runs/r1/cells/adi/raise-finger/state.json"), run.cellState(cell));
        assertEquals(Path.of("/runs/r1/cells/adi/raise-finger/train.log"), run.trainLog(cell));
        assertEquals(Path.of("/runs/r1/cells/adi/raise-finger/metrics.csv"), run.metricsCsv(cell));
        assertEquals(Path.of("/runs/r1/cells/adi/raise-finger/samples/panda/3.png"), run.sample(cell, "panda", 3));
        assertEquals("cells/adi/raise-finger/samples/panda/3.png", RunLayout.sampleFile(cell, "panda", 3));
        assertEquals(run.sample(cell, "panda", 3), run.resolve(RunLayout.sampleFile(cell, "panda", 3)));
    }

    @Test
    void refusesIdsAndPathsThatLeaveTheRun() {
        assertThrows(IllegalArgumentException.class, () -> new RunLayout.Cell("..", "wave"));
        assertThrows(IllegalArgumentException.class, () -> new RunLayout.Cell("adi", "a/b"));
        RunLayout.Cell cell = new RunLayout.Cell("adi", "wave");
        assertThrows(IllegalArgumentException.class, () -> RunLayout.sampleFile(cell, "old man", 0));
        assertThrows(IllegalArgumentException.class, () -> RunLayout.sampleFile(cell, "panda", -1));
        RunLayout run = new RunLayout(Path.of("/runs/r1"));
        assertThrows(IllegalArgumentException.class, () -> run.resolve("../r2/run.json"));
        assertThrows(IllegalArgumentException.class, () -> run.resolve("/etc/passwd"));
    }

    @Test
    void listsCellDirectories() throws IOException {
        RunLayout run = new RunLayout(dir);
        assertEquals(List.of(), run.cells());
        Files.createDirectories(dir.resolve("cells/sd/wave"));
        Files.createDirectories(dir.resolve("cells/adi/wave"));
        Files.createDirectories(dir.resolve("cells/adi/cheer"));
        Files.createDirectories(dir.resolve("cells/adi/.tmp"));
        Files.writeString(dir.resolve("cells/adi/notes.txt"), "x");
        assertEquals(List.of(new RunLayout.Cell("adi", "cheer"), new RunLayout.Cell("adi", "wave"),
                new RunLayout.Cell("sd", "wave")), run.cells());
    }
}

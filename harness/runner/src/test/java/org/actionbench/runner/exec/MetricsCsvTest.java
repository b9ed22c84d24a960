package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

    @Test
    void aRepeatedStepReplacesTheRowsFromThatStepOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.csv");
        MetricsCsv m = MetricsCsv.open(file);
        for (int step = 1; step <= 5; step++) {
            m.record(step, Map.of("loss", step / 4.0, "kept", 0.5));
        }
        assertEquals("step,kept,loss\n1,0.5,0.25\n2,0.5,0.5\n3,0.5,0.75\n4,0.5,1.0\n5,0.5,1.25\n",
                Files.readString(file));

        // A resumed training (checkpoint at step 3) repeats step 4 in a new process.
        MetricsCsv resumed = MetricsCsv.open(file);
        resumed.record(4, Map.of("loss", 9.0, "kept", 0.25));
        resumed.record(5, Map.of("loss", 8.0));
        assertEquals("step,kept,loss\n1,0.5,0.25\n2,0.5,0.5\n3,0.5,0.75\n4,0.25,9.0\n5,,8.0\n", Files.readString(file));
    }

    @Test
    void aRowCutShortByAKillIsDropped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.csv");
        Files.writeString(file, "step,loss\n1,0.5\n2,0.2");
        MetricsCsv m = MetricsCsv.open(file);
        assertEquals("step,loss\n1,0.5\n", Files.readString(file));
        m.record(2, Map.of("loss", 0.25));
        assertEquals("step,loss\n1,0.5\n2,0.25\n", Files.readString(file));
    }
}

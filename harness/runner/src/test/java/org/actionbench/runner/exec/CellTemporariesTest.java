package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.runner.TinyWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellTemporariesTest {

    @Test
    void whatKilledAtomicWritesLeftIsRemovedAndNothingElse(@TempDir Path cell) throws Exception {
        for (String f : List.of("state.json", ".lock", "samples/old-man/0.png", ".state.json.1x2y.tmp",
                "samples/old-man/.1.png.9zz.tmp", ".action-different.k3.tmp/0.png", "action-different/2.png")) {
            Files.createDirectories(cell.resolve(f).getParent());
            Files.writeString(cell.resolve(f), f);
        }
        CellRunner.removeTemporaries(cell);
        assertEquals(List.of(".lock", "action-different/2.png", "samples/old-man/0.png", "state.json"),
                TinyWorld.files(cell));
        assertEquals(false, Files.exists(cell.resolve(".action-different.k3.tmp")));
    }
}

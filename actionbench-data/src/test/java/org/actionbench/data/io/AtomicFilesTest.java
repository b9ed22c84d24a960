package org.actionbench.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void writesAndReplacesCreatingParents(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("a/b/run.json");
        AtomicFiles.writeString(target, "first");
        assertEquals("first", Files.readString(target));
        AtomicFiles.writeString(target, "second");
        assertEquals("second", Files.readString(target));
        assertEquals(1, count(target.getParent()));
    }

    @Test
    void writtenFilesAreReadableByOthersAsOrdinaryFiles(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        Path atomic = dir.resolve("atomic.txt");
        AtomicFiles.writeString(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    @Test
    void failedWriteLeavesTargetAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("state.json");
        AtomicFiles.writeString(target, "done");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("done", Files.readString(target));
        assertEquals(1, count(dir));
    }

    @Test
    void directoriesAppearWholeOrNotAtAll(@TempDir Path dir) throws IOException {
        Path bench = dir.resolve("bench");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(bench, tmp -> {
            Files.writeString(tmp.resolve("a.txt"), "a");
            throw new IOException("renderer failed");
        }));
        assertEquals("renderer failed", e.getMessage());
        assertEquals(0, count(dir), "no bench and no temporary directory left");

        AtomicFiles.writeDirectory(bench, tmp -> Files.writeString(tmp.resolve("a.txt"), "a"));
        assertEquals("a", Files.readString(bench.resolve("a.txt")));
        Path ordinary = Files.createDirectory(dir.resolve("ordinary"));
        assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(bench));
        Files.delete(ordinary);

        e = assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(bench, tmp -> { }));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("a", Files.readString(bench.resolve("a.txt")));
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}

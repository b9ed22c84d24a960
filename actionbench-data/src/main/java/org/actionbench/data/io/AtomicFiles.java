package org.actionbench.data.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that no reader sees half done and that a crash cannot truncate: the content goes to
 * a temporary file beside the target, is forced to disk, then renamed over the target. Every file the
 * project writes for others to read (run directories, snapshots, checkpoints, configs) goes through here,
 * which is what lets a killed run resume without holes (ARCHITECTURE.md §2).
 */
public final class AtomicFiles {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {
    }

    /** Writes the temporary file; it exists and is empty when called. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporaryFile) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code content} writes, creating parent directories. On any
     * failure the target is left as it was and the temporary file is removed.
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: it makes the file owner-only (0600), and the renamed file would keep that;
        // createFile honours the umask like any ordinary write.
        Path tmp = dir.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        Files.createFile(tmp);
        boolean moved = false;
        try {
            content.writeTo(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Fills the temporary directory; it exists and is empty when called. */
    @FunctionalInterface
    public interface DirectoryContent<E extends Exception> {
        void writeTo(Path temporaryDirectory) throws IOException, E;
    }

    /**
     * Fails unless {@code target} is absent or an empty directory, i.e. unless {@link #writeDirectory} may
     * fill it. Long jobs call it before they start, so a taken output directory is refused in the first
     * second and not after hours of work.
     */
    public static void requireFreshDirectory(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                throw new IOException(target + ": exists and is not a directory");
            }
            try (var entries = Files.list(absolute)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(target + ": exists and is not empty; give a new directory");
                }
            }
        }
    }

    /**
     * Creates the directory {@code target} (which must not exist or be empty) with what {@code content}
     * writes: everything goes into a temporary sibling directory that is renamed into place at the end,
     * so a failure or a crash leaves no half-written directory behind.
     */
    public static <E extends Exception> void writeDirectory(Path target, DirectoryContent<E> content)
            throws IOException, E {
        requireFreshDirectory(target);
        Path absolute = target.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        // createDirectory honours the umask; Files.createTempDirectory would make it owner-only.
        Path tmp = Files.createDirectory(
                dir.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp"));
        boolean moved = false;
        try {
            content.writeTo(tmp);
            Files.deleteIfExists(absolute);
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                deleteTree(tmp);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}

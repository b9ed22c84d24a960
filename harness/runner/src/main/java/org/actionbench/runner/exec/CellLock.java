package org.actionbench.runner.exec;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a cell (its {@code .lock} file) while a process runs it: two executors on one run (a
 * local resume beside a Slurm array, two resumes) would otherwise train and sample the same cell at once.
 * The operating system drops the lock when its process dies, so a killed run never leaves a cell locked.
 */
final class CellLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private CellLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or an IOException naming the cell when another process (or thread) holds it. */
    static CellLock acquire(Path cellDir, String label) throws IOException {
        CellLock l = tryAcquire(cellDir);
        if (l == null) {
            throw new IOException("cell " + label + " is being run by another process (" + cellDir.resolve(FILE_NAME)
                    + " is locked)");
        }
        return l;
    }

    /** The lock, or null when it is held elsewhere. */
    static CellLock tryAcquire(Path cellDir) throws IOException {
        FileChannel ch = FileChannel.open(cellDir.resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return null;
            }
            return new CellLock(ch, l);
        } catch (OverlappingFileLockException e) {
            ch.close();
            return null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

package org.actionbench.data.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.actionbench.data.io.Json;

/**
 * {@code samples.jsonl}: one {@link SampleRecord} per line, appended as images are written. A run is
 * killed at any moment, so the file's rule is: a line counts once its newline is on disk. Whatever
 * follows the last newline is a torn write; readers report it and skip it, and the next append cuts it
 * off before writing. Appends hold an exclusive file lock, re-read what other processes appended, and
 * refuse a second record for an image already recorded, so a resumed run cannot leave duplicates.
 * Any number of instances, threads and processes may append to one file.
 */
public final class SamplesJsonl {
    public static final String FILE_NAME = "samples.jsonl";

    /**
     * One monitor per file for the whole JVM: file locks are per process, and a second lock on the same file
     * from this JVM would throw rather than wait, so threads queue here first.
     */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;
    private final Object monitor;
    /** image file -> line number of its record, for everything up to {@link #known}. */
    private final Map<String, Integer> lines = new HashMap<>();
    private long known;
    private int lineCount;

    public SamplesJsonl(Path file) {
        this.file = file;
        this.monitor = MONITORS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object());
    }

    /**
     * What a samples.jsonl holds. {@code tornLine} is the line number of a torn last line that was
     * skipped, 0 when the file ends cleanly.
     */
    public record Contents(List<SampleRecord> records, int tornLine) {
        public Contents {
            records = List.copyOf(records);
        }

        /** "FILE: line N: ..." when a torn last line was skipped. */
        public Optional<String> warning(Path file) {
            return tornLine == 0 ? Optional.empty() : Optional.of(file + ": line " + tornLine
                    + ": incomplete last line (an interrupted write) ignored");
        }
    }

    /**
     * Every record of {@code file} (none when it does not exist yet).
     *
     * @throws RunFormatException naming the line when a complete line is not a valid record or records an
     *                            image a second time
     */
    public static Contents read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), 0);
        }
        List<SampleRecord> records = new ArrayList<>();
        Scan scan = scan(bytes, 0, 0, file, new HashMap<>(), records);
        return new Contents(records, scan.end < bytes.length ? scan.lineCount + 1 : 0);
    }

    /** Whether a record for {@code imageFile} (run-relative) is in the file, as of the last read or append. */
    public boolean contains(String imageFile) throws IOException {
        synchronized (monitor) {
            if (!Files.exists(file)) {
                return false; // asking creates nothing
            }
            try (FileChannel ch = open(); FileLock lock = ch.lock(0, Long.MAX_VALUE, true)) {
                catchUp(ch, false);
            }
            return lines.containsKey(imageFile);
        }
    }

    /**
     * Appends {@code record} as one line, durably.
     *
     * @throws IllegalArgumentException when the file already records {@code record.file()}
     * @throws RunFormatException       when the file holds a complete line that is not a valid record
     */
    public void append(SampleRecord record) throws IOException {
        byte[] line = (Json.compact(record) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (monitor) {
            appendLocked(record, line);
        }
    }

    private void appendLocked(SampleRecord record, byte[] line) throws IOException {
        try (FileChannel ch = open(); FileLock lock = ch.lock()) {
            catchUp(ch, true);
            Integer first = lines.get(record.file());
            if (first != null) {
                throw new IllegalArgumentException(file + ": line " + first + " already records "
                        + record.file() + "; an image is recorded once");
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            long at = known;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.force(false);
            known = at;
            lineCount++;
            lines.put(record.file(), lineCount);
        }
    }

    private FileChannel open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * Reads what was appended since {@link #known} (by this or another process). Under the exclusive lock
     * no writer is mid-line, so a torn tail is from a crashed writer and {@code repair} cuts it off.
     */
    private void catchUp(FileChannel ch, boolean repair) throws IOException {
        long size = ch.size();
        if (size < known) {
            throw new RunFormatException(file, "", "shrank from " + known + " to " + size
                    + " bytes while in use; another program rewrote it");
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - known));
        while (buf.hasRemaining() && ch.read(buf, known + buf.position()) >= 0) {
            // read until full
        }
        byte[] bytes = buf.array();
        Scan scan = scan(bytes, 0, lineCount, file, lines, null);
        known += scan.end;
        lineCount = scan.lineCount;
        if (repair && known < size) {
            ch.truncate(known);
            ch.force(false);
        }
    }

    private record Scan(int end, int lineCount) {
    }

    /**
     * Parses the complete lines of {@code bytes} from {@code from}; {@code end} is just past the last
     * newline. Records go to {@code out} when it is not null; {@code seen} maps image files to line numbers.
     */
    private static Scan scan(byte[] bytes, int from, int linesBefore, Path file, Map<String, Integer> seen,
            List<SampleRecord> out) throws RunFormatException {
        int start = from;
        int n = linesBefore;
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            n++;
            byte[] line = Arrays.copyOfRange(bytes, start, i);
            start = i + 1;
            String where = "line " + n;
            if (new String(line, StandardCharsets.UTF_8).isBlank()) {
                throw new RunFormatException(file, where, "empty line");
            }
            SampleRecord r = RunJson.parse(line, SampleRecord.class, file, where);
            Integer first = seen.putIfAbsent(r.file(), n);
            if (first != null) {
                throw new RunFormatException(file, where,
                        r.file() + " is recorded again (first at line " + first + ")");
            }
            if (out != null) {
                out.add(r);
            }
        }
        return new Scan(start, n);
    }
}

package org.actionbench.engine.weights;

import static org.actionbench.engine.weights.SafetensorsTestFiles.bytes;
import static org.actionbench.engine.weights.SafetensorsTestFiles.floatsLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed files, built byte by byte, fail on open with one message naming the file and the problem. */
class CorruptSafetensorsFileTest {
    @TempDir
    Path dir;

    private SafetensorsFormatException openFails(String name, byte[] content, String... fragments) throws IOException {
        Path f = SafetensorsTestFiles.write(dir, name, content);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(f));
        assertTrue(e.getMessage().contains(f.toString()), "file not named: " + e.getMessage());
        assertEquals(f, e.file());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
        }
        return e;
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    @Test
    void fileShorterThanTheLengthPrefix() throws IOException {
        openFails("short.safetensors", new byte[] {1, 2, 3, 4, 5}, "5 bytes", "8-byte header length");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        byte[] header = "{}".getBytes(StandardCharsets.UTF_8);
        openFails("long-header.safetensors", bytes(1000, header, new byte[0]), "header length 1000",
                "past the end");
        openFails("huge-header.safetensors", bytes(1L << 40, header, new byte[0]), "larger than");
        openFails("negative-header.safetensors", bytes(-1, header, new byte[0]), "larger than");
    }

    @Test
    void truncatedData() throws IOException {
        String h = "{" + tensor("weight", "F32", "[2,3]", 0, 24) + "}";
        byte[] full = bytes(h, floatsLE(1, 2, 3, 4, 5, 6));
        byte[] truncated = java.util.Arrays.copyOf(full, full.length - 4);
        openFails("truncated.safetensors", truncated, "'weight'", "run past the end", "truncated");
    }

    @Test
    void overlappingOffsets() throws IOException {
        String h = "{" + tensor("a", "F32", "[4]", 0, 16) + "," + tensor("b", "F32", "[4]", 8, 24) + "}";
        openFails("overlap.safetensors", bytes(h, new byte[24]), "tensor 'b'", "overlap tensor 'a'");
    }

    @Test
    void gapsAndTrailingBytes() throws IOException {
        String gap = "{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("b", "F32", "[2]", 16, 24) + "}";
        openFails("gap.safetensors", bytes(gap, new byte[24]), "tensor 'b'", "[8, 16)", "unused");
        String trailing = "{" + tensor("a", "F32", "[2]", 0, 8) + "}";
        openFails("trailing.safetensors", bytes(trailing, new byte[12]), "4 bytes after the last tensor 'a'");
    }

    @Test
    void unknownDtype() throws IOException {
        String h = "{" + tensor("lut", "F8_E4M3", "[4]", 0, 4) + "}";
        openFails("dtype.safetensors", bytes(h, new byte[4]), "tensor 'lut'", "'F8_E4M3'", "supported: F32, F16, BF16, I64");
    }

    @Test
    void shapeDoesNotMatchTheByteLength() throws IOException {
        String h = "{" + tensor("w", "F32", "[2,3]", 0, 20) + "}";
        openFails("shape.safetensors", bytes(h, new byte[20]), "tensor 'w'", "needs 24 bytes", "hold 20");
    }

    @Test
    void malformedHeaders() throws IOException {
        openFails("json.safetensors", bytes("{\"a\":", new byte[0]), "not valid JSON");
        openFails("array.safetensors", bytes("[1, 2]", new byte[0]), "does not start with '{'");
        String dup = "{" + tensor("a", "F32", "[1]", 0, 4) + "," + tensor("a", "F32", "[1]", 0, 4) + "}";
        openFails("dup.safetensors", bytes(dup, new byte[4]), "not valid JSON", "Duplicate");
        openFails("meta.safetensors", bytes("{\"__metadata__\":{\"epoch\":3}}", new byte[0]), "'epoch'",
                "must be a string");
        openFails("offsets.safetensors", bytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}",
                new byte[4]), "tensor 'a'", "data_offsets");
        openFails("negative.safetensors", bytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
                new byte[4]), "tensor 'a'", "shape");
        byte[] badUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        openFails("utf8.safetensors", bytes(badUtf8.length, badUtf8, new byte[0]), "UTF-8");
        // Padding must be spaces, as the reference writes and requires.
        openFails("nul-padding.safetensors", bytes("{}\0\0\0\0\0\0", new byte[0]), "not valid JSON");
    }

    @Test
    void everyProblemIsListedInOneMessage() throws IOException {
        String h = "{" + tensor("a", "Q4", "[1]", 0, 4) + "," + tensor("b", "F32", "[3]", 0, 8) + ","
                + tensor("c", "F32", "[1]", 8, 12) + "}";
        SafetensorsFormatException e = openFails("many.safetensors", bytes(h, new byte[12]), "tensor 'a'",
                "tensor 'b'", "'Q4'", "needs 12 bytes");
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void validHandWrittenFileOpens() throws IOException {
        // Space padding and tensors listed out of offset order are both valid.
        String h = "{" + tensor("b", "F32", "[1]", 4, 8) + "," + tensor("a", "F32", "[1]", 0, 4) + "}   ";
        Path f = SafetensorsTestFiles.write(dir, "ok.safetensors", bytes(h, floatsLE(1, 2)));
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            assertEquals(2f, file.readFloats("b")[0]);
            assertEquals("a", file.tensors().get(0).name());
        }
        assertTrue(Files.exists(f));
    }
}

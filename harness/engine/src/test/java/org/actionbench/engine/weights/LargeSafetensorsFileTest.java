package org.actionbench.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file larger than 2 GiB (UNet checkpoints are 3.4 GB) with tensors straddling and beyond the 2 GiB mark.
 * The 2 GiB of padding is a hole (nothing is written), so the test costs almost no disk space or time.
 */
class LargeSafetensorsFileTest {
    private static final long TWO_GIB = 1L << 31;

    @TempDir
    Path dir;

    @Test
    void readsTensorsPastTwoGibibytes() throws IOException {
        assumeTrue(Files.getFileStore(dir).getUsableSpace() > 3 * (1L << 30),
                "temp file system has less than 3 GiB free; skipping the >2 GiB file test");
        Path f = dir.resolve("large.safetensors");
        float[] straddle = {1.5f, -2.25f, 3f, 4f};
        float[] tail = {7f, 8f, 9f};
        long[] ids = {5, 6};

        // Size the padding so that "b.straddle" starts 8 bytes before the 2 GiB file offset.
        long guess = (TWO_GIB - 8 - 1024) / 4;
        long headerBytes = 8 + builder(guess, straddle, tail, ids).header().length;
        long paddingFloats = (TWO_GIB - 8 - headerBytes - 16) / 4; // 16 = "0.ids" (I64) comes first
        SafetensorsWriter.Builder b = builder(paddingFloats, straddle, tail, ids);
        assertEquals(headerBytes, 8 + b.header().length, "header length must not depend on the guess");
        b.write(f);
        try {
            assertTrue(Files.size(f) > TWO_GIB + 16, "file size " + Files.size(f));
            try (SafetensorsFile file = SafetensorsFile.open(f); NDManager m = NDManager.newBaseManager("PyTorch")) {
                TensorInfo s = file.tensor("b.straddle").orElseThrow();
                assertEquals(TWO_GIB - 8, file.dataStart() + s.begin());
                TensorInfo t = file.tensor("c.tail").orElseThrow();
                assertTrue(file.dataStart() + t.begin() > TWO_GIB);
                assertEquals(paddingFloats, file.tensor("a.padding").orElseThrow().elementCount());

                assertArrayEquals(straddle, file.readFloats("b.straddle"));
                assertArrayEquals(tail, file.readFloats("c.tail"));
                assertArrayEquals(ids, file.readLongs("0.ids"));
                try (NDArray a = file.toNDArray(m, "b.straddle"); NDArray c = file.toNDArray(m, "c.tail")) {
                    assertArrayEquals(straddle, a.toFloatArray());
                    assertArrayEquals(tail, c.toFloatArray());
                }
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static SafetensorsWriter.Builder builder(long paddingFloats, float[] straddle, float[] tail, long[] ids) {
        return SafetensorsWriter.builder()
                .addLongs("0.ids", new long[] {ids.length}, ids)
                .add("a.padding", DType.F32, new long[] {paddingFloats}, TensorPayload.zeros(paddingFloats * 4))
                .addFloats("b.straddle", DType.F32, new long[] {straddle.length}, straddle)
                .addFloats("c.tail", DType.F32, new long[] {tail.length}, tail);
    }
}

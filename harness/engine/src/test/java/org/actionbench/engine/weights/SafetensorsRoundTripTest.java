package org.actionbench.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** Special F16 values with their hand-computed encodings. */
    private static final float[] F16_VALUES = {0f, -0f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, 65504f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1f, -2f};
    private static final int[] F16_BITS = {0x0000, 0x8000, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0x7C00, 0xFC00, 0x7E00,
        0x3C00, 0xC000};

    @Test
    void f16SpecialValuesRoundTripWithExactBits() throws IOException {
        Path f = dir.resolve("f16.safetensors");
        SafetensorsWriter.builder().addFloats("h", DType.F16, new long[] {F16_VALUES.length}, F16_VALUES).write(f);
        byte[] all = Files.readAllBytes(f);
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            TensorInfo t = file.tensor("h").orElseThrow();
            assertEquals(DType.F16, t.dtype());
            assertEquals(F16_VALUES.length * 2L, t.byteLength());
            ByteBuffer data = ByteBuffer.wrap(all, (int) (file.dataStart() + t.begin()), (int) t.byteLength())
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < F16_BITS.length; i++) {
                assertEquals(F16_BITS[i], data.getShort() & 0xFFFF, "element " + i);
            }
            float[] back = file.readFloats("h");
            for (int i = 0; i < F16_VALUES.length; i++) {
                assertSameFloat(F16_VALUES[i], back[i], i);
            }
            try (NDArray a = file.toNDArray(manager, "h")) {
                assertEquals(DataType.FLOAT32, a.getDataType());
                float[] nd = a.toFloatArray();
                for (int i = 0; i < F16_VALUES.length; i++) {
                    assertSameFloat(F16_VALUES[i], nd[i], i);
                }
            }
        }
    }

    @Test
    void f32RoundTripsBitExactly() throws IOException {
        float[] values = {0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, -1.5e-30f, 3.14159265f, Float.NaN,
            Float.NEGATIVE_INFINITY};
        Path f = dir.resolve("f32.safetensors");
        SafetensorsWriter.builder().addFloats("x", DType.F32, new long[] {2, 4}, values).write(f);
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            float[] back = file.readFloats("x");
            for (int i = 0; i < values.length; i++) {
                assertSameFloat(values[i], back[i], i);
            }
            try (NDArray a = file.toNDArray(manager, "x")) {
                assertEquals(new Shape(2, 4), a.getShape());
                float[] nd = a.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    assertSameFloat(values[i], nd[i], i);
                }
            }
        }
    }

    @Test
    void bf16RoundTripsAndWidensByShifting() throws IOException {
        // Encodings by hand; all but 3e38 are exact in bfloat16 (3e38 = 1.7632·2^127 rounds to 1.765625·2^127).
        float[] values = {1f, -2f, 0.15625f, 256f, -0f, Float.POSITIVE_INFINITY, 0x1p-130f, 3.0e38f};
        int[] bits = {0x3F80, 0xC000, 0x3E20, 0x4380, 0x8000, 0x7F80, 0x0008, 0x7F62};
        assertEquals(3.0e38f, HalfFloats.bf16ToF32((short) 0x7F62), 1e36f, "hand value of 0x7F62");
        Path f = dir.resolve("bf16.safetensors");
        SafetensorsWriter.builder().addFloats("b", DType.BF16, new long[] {8}, values).write(f);
        byte[] all = Files.readAllBytes(f);
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            TensorInfo t = file.tensor("b").orElseThrow();
            ByteBuffer data = ByteBuffer.wrap(all, (int) (file.dataStart() + t.begin()), 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < bits.length; i++) {
                assertEquals(bits[i], data.getShort() & 0xFFFF, "element " + i);
            }
            float[] back = file.readFloats("b");
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.intBitsToFloat(bits[i] << 16), back[i], "element " + i);
            }
            // BF16 must reach DJL as float32 (a BF16 NDArray aborts the JVM).
            try (NDArray a = file.toNDArray(manager, "b")) {
                assertEquals(DataType.FLOAT32, a.getDataType());
                assertArrayEquals(back, a.toFloatArray());
            }
        }
    }

    @Test
    void i64RoundTripsIncludingExtremes() throws IOException {
        long[] values = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};
        Path f = dir.resolve("i64.safetensors");
        SafetensorsWriter.builder().addLongs("ids", new long[] {3, 2}, values).write(f);
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            assertArrayEquals(values, file.readLongs("ids"));
            try (NDArray a = file.toNDArray(manager, "ids")) {
                assertEquals(DataType.INT64, a.getDataType());
                assertEquals(new Shape(3, 2), a.getShape());
                assertArrayEquals(values, a.toLongArray());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> file.readFloats("ids"));
            assertTrue(e.getMessage().contains("'ids'") && e.getMessage().contains("I64"), e.getMessage());
        }
    }

    @Test
    void scalarsAndEmptyTensors() throws IOException {
        Path f = dir.resolve("edge.safetensors");
        SafetensorsWriter.builder()
                .addFloats("scalar", DType.F32, new long[] {}, new float[] {42f})
                .addFloats("empty", DType.F16, new long[] {0, 3}, new float[0])
                .write(f);
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            assertArrayEquals(new float[] {42f}, file.readFloats("scalar"));
            assertEquals(0, file.readFloats("empty").length);
            assertEquals(1, file.tensor("scalar").orElseThrow().elementCount());
            try (NDArray a = file.toNDArray(manager, "scalar")) {
                assertEquals(new Shape(), a.getShape());
                assertEquals(42f, a.getFloat());
            }
        }
    }

    /** Reads through mapping windows smaller than a tensor must give the same values as one window. */
    @Test
    void windowedReadsMatchWholeReads() throws IOException {
        int n = 1001; // odd sizes so windows end mid-tensor
        float[] values = new float[n];
        long[] longs = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.25f - 100f;
            longs[i] = (long) i * i - 7;
        }
        Path f = dir.resolve("windows.safetensors");
        SafetensorsWriter.builder()
                .addFloats("f32", DType.F32, new long[] {n}, values)
                .addFloats("f16", DType.F16, new long[] {n}, values)
                .addFloats("bf16", DType.BF16, new long[] {n}, values)
                .addLongs("i64", new long[] {n}, longs)
                .write(f);
        try (SafetensorsFile whole = SafetensorsFile.open(f); SafetensorsFile small = SafetensorsFile.open(f, 40)) {
            for (String name : new String[] {"f32", "f16", "bf16"}) {
                assertArrayEquals(whole.readFloats(name), small.readFloats(name), name);
                try (NDArray a = small.toNDArray(manager, name)) {
                    assertArrayEquals(whole.readFloats(name), a.toFloatArray(), name);
                }
            }
            assertArrayEquals(values, small.readFloats("f32"));
            assertArrayEquals(longs, small.readLongs("i64"));
            try (NDArray a = small.toNDArray(manager, "i64")) {
                assertArrayEquals(longs, a.toLongArray());
            }
        }
    }

    /** Arrays are copies: they stay valid after the file is closed and even deleted. */
    @Test
    void arraysOutliveTheMapping() throws IOException {
        Path f = dir.resolve("gone.safetensors");
        SafetensorsWriter.builder().addFloats("w", DType.F32, new long[] {3}, new float[] {1, 2, 3})
                .addFloats("v", DType.F32, new long[] {3}, new float[] {4, 5, 6}).write(f);
        NDArray w;
        NDArray v;
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            w = file.toNDArray(manager, "w");
            v = file.toNDArray(manager, "v"); // reuses the staging buffer: w must not change
        }
        Files.delete(f);
        assertArrayEquals(new float[] {1, 2, 3}, w.toFloatArray());
        assertArrayEquals(new float[] {4, 5, 6}, v.toFloatArray());
        w.addi(1); // in-place ops on a loaded array are safe
        assertArrayEquals(new float[] {2, 3, 4}, w.toFloatArray());
        w.close();
        v.close();
    }

    @Test
    void closedFilesAndUnknownNamesFailClearly() throws IOException {
        Path f = dir.resolve("c.safetensors");
        SafetensorsWriter.builder().addFloats("w", DType.F32, new long[] {1}, new float[] {1}).write(f);
        SafetensorsFile file = SafetensorsFile.open(f);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> file.readFloats("nope"));
        assertTrue(unknown.getMessage().contains("'nope'") && unknown.getMessage().contains(f.toString()));
        file.close();
        assertThrows(IllegalStateException.class, () -> file.readFloats("w"));
        assertEquals(Map.of(), file.metadata());
    }

    private static void assertSameFloat(float expected, float actual, int index) {
        if (Float.isNaN(expected)) {
            assertTrue(Float.isNaN(actual), "element " + index);
        } else {
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), "element " + index);
        }
    }
}

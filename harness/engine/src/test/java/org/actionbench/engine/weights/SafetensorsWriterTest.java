package org.actionbench.engine.weights;

import static org.actionbench.engine.weights.SafetensorsTestFiles.floatsLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    /**
     * Byte layouts published as expected outputs in the reference implementation's own tests: the header is
     * compact JSON padded with spaces to a multiple of 8, offsets start at 0.
     */
    @Test
    void matchesTheReferenceWritersPublishedBytes() throws IOException {
        float[] values = {0, 1, 2, 3, 4, 5};

        Path a = dir.resolve("a.safetensors");
        SafetensorsWriter.builder().addFloats("attn.0", DType.F32, new long[] {1, 2, 3}, values).write(a);
        String headerA = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(64, headerA.length());
        assertArrayEquals(SafetensorsTestFiles.bytes(headerA, floatsLE(values)), Files.readAllBytes(a));

        Path b = dir.resolve("b.safetensors");
        SafetensorsWriter.builder().addFloats("attn0", DType.F32, new long[] {1, 1, 2, 3}, values).write(b);
        String headerB = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(65, headerB.length());
        assertArrayEquals(SafetensorsTestFiles.bytes(headerB + "       ", floatsLE(values)), Files.readAllBytes(b));

        Path empty = dir.resolve("empty.safetensors");
        SafetensorsWriter.builder().write(empty);
        assertArrayEquals(SafetensorsTestFiles.bytes("{}      ", new byte[0]), Files.readAllBytes(empty));

        Path meta = dir.resolve("meta.safetensors");
        SafetensorsWriter.builder().metadata("framework", "pt").write(meta);
        assertArrayEquals(SafetensorsTestFiles.bytes("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new byte[0]),
                Files.readAllBytes(meta));
    }

    /** The reference orders by descending dtype alignment (I64, F32, BF16, F16), then by name. */
    @Test
    void ordersTensorsByAlignmentThenName() throws IOException {
        Path f = dir.resolve("order.safetensors");
        SafetensorsWriter.builder()
                .addFloats("b.half", DType.F16, new long[] {1}, new float[] {1})
                .addFloats("a.half", DType.F16, new long[] {1}, new float[] {1})
                .addFloats("z.float", DType.F32, new long[] {1}, new float[] {1})
                .addFloats("c.brain", DType.BF16, new long[] {3}, new float[] {1, 2, 3})
                .addLongs("y.ids", new long[] {1}, new long[] {1})
                .addFloats("m.float", DType.F32, new long[] {1}, new float[] {1})
                .write(f);
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            assertEquals(List.of("y.ids", "m.float", "z.float", "c.brain", "a.half", "b.half"),
                    file.tensors().stream().map(TensorInfo::name).toList());
            for (TensorInfo t : file.tensors()) {
                assertEquals(0, (file.dataStart() + t.begin()) % t.dtype().byteSize(), t.name() + " misaligned");
            }
        }
        byte[] all = Files.readAllBytes(f);
        String header = new String(all, 8, all.length - 8, StandardCharsets.ISO_8859_1);
        assertTrue(header.indexOf("\"y.ids\"") < header.indexOf("\"m.float\"")
                && header.indexOf("\"c.brain\"") < header.indexOf("\"a.half\""), header);
    }

    @Test
    void writesNDArraysAsTheirTypesOrAsRequested() throws IOException {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("w", m.create(new float[] {0.1f, -3f, 65504f, 1e-8f}, new Shape(2, 2)));
            tensors.put("ids", m.create(new long[] {0, 1, 76}, new Shape(1, 3)));
            Path f32 = dir.resolve("f32.safetensors");
            SafetensorsWriter.write(f32, Map.of("format", "pt"), tensors);
            Path f16 = dir.resolve("f16.safetensors");
            SafetensorsWriter.write(f16, Map.of(), tensors, DType.F16);
            try (SafetensorsFile a = SafetensorsFile.open(f32); SafetensorsFile b = SafetensorsFile.open(f16)) {
                assertEquals(Map.of("format", "pt"), a.metadata());
                assertEquals(Map.of(), b.metadata());
                assertEquals(DType.F32, a.tensor("w").orElseThrow().dtype());
                assertEquals(DType.F16, b.tensor("w").orElseThrow().dtype());
                assertEquals(DType.I64, b.tensor("ids").orElseThrow().dtype());
                assertArrayEquals(new long[] {2, 2}, a.tensor("w").orElseThrow().shape());
                assertArrayEquals(new float[] {0.1f, -3f, 65504f, 1e-8f}, a.readFloats("w"));
                // F16 by hand: 0.1 → 0x2E66 = 0.0999755859375; 1e-8 is below 2^-25 and rounds to 0.
                assertArrayEquals(new float[] {0.0999755859375f, -3f, 65504f, 0f}, b.readFloats("w"));
                assertArrayEquals(new long[] {0, 1, 76}, b.readLongs("ids"));
            }
        }
    }

    @Test
    void rejectsWhatCannotBeWritten() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray ints = m.create(new int[] {1, 2});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SafetensorsWriter.write(dir.resolve("x.safetensors"), Map.of(), Map.of("counts", ints)));
            assertTrue(e.getMessage().contains("'counts'") && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("int32"), e.getMessage());
        }
        var b = SafetensorsWriter.builder().addFloats("x", DType.F32, new long[] {2}, new float[] {1, 2});
        assertThrows(IllegalArgumentException.class,
                () -> b.addFloats("x", DType.F32, new long[] {2}, new float[] {1, 2}));
        IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
                () -> b.addFloats("y", DType.F32, new long[] {3}, new float[] {1, 2}));
        assertTrue(wrongLength.getMessage().contains("'y'"), wrongLength.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> b.addFloats("__metadata__", DType.F32, new long[] {1}, new float[] {1}));
    }

    @Test
    void replacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("sub/dir/model.safetensors");
        SafetensorsWriter.builder().addFloats("a", DType.F32, new long[] {1}, new float[] {1}).write(f);
        SafetensorsWriter.builder().addFloats("b", DType.F32, new long[] {1}, new float[] {2}).write(f);
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            assertEquals(List.of("b"), file.tensors().stream().map(TensorInfo::name).toList());
        }
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("keep.safetensors");
        SafetensorsWriter.builder().addFloats("a", DType.F32, new long[] {1}, new float[] {1}).write(f);
        byte[] before = Files.readAllBytes(f);
        TensorPayload failing = new TensorPayload() {
            @Override
            public long byteLength() {
                return 4;
            }

            @Override
            public void writeTo(java.nio.channels.FileChannel channel, long position) throws IOException {
                throw new IOException("disk full (simulated)");
            }
        };
        var b = SafetensorsWriter.builder().add("a", DType.F32, new long[] {1}, failing);
        assertThrows(IOException.class, () -> b.write(f));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void float16ArraysKeepTheirPrecision() throws IOException {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray half = m.create(new float[] {0.5f, -1.25f}).toType(DataType.FLOAT16, false);
            Path f = dir.resolve("half.safetensors");
            SafetensorsWriter.write(f, Map.of(), Map.of("h", half));
            try (SafetensorsFile file = SafetensorsFile.open(f)) {
                assertEquals(DType.F16, file.tensor("h").orElseThrow().dtype());
                assertArrayEquals(new float[] {0.5f, -1.25f}, file.readFloats("h"));
            }
        }
    }
}

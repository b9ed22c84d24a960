package org.actionbench.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads {@code weights/reference.safetensors}, written by the stdlib-only script
 * {@code make_reference_safetensors.py} beside it (an independent writer following the published format),
 * and checks every value against the constants written out in that script.
 */
class ReferenceFileTest {
    @TempDir
    Path dir;

    private static Path reference() throws URISyntaxException {
        return Path.of(ReferenceFileTest.class.getResource("/weights/reference.safetensors").toURI());
    }

    @Test
    void readsEveryValueOfTheIndependentlyWrittenFile() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(reference())) {
            assertEquals(Map.of("format", "pt", "producer", "make_reference_safetensors.py"), f.metadata());
            assertEquals(List.of("i64.ids", "f32.empty", "f32.matrix", "f32.scalar", "bf16.values", "f16.specials"),
                    f.tensors().stream().map(TensorInfo::name).toList());

            TensorInfo ids = f.tensor("i64.ids").orElseThrow();
            assertEquals(DType.I64, ids.dtype());
            assertArrayEquals(new long[] {1, 5}, ids.shape());
            assertArrayEquals(new long[] {0, 1, -1, 1L << 62, Long.MIN_VALUE}, f.readLongs("i64.ids"));

            assertArrayEquals(new long[] {0}, f.tensor("f32.empty").orElseThrow().shape());
            assertEquals(0, f.readFloats("f32.empty").length);

            assertArrayEquals(new long[] {2, 3}, f.tensor("f32.matrix").orElseThrow().shape());
            assertArrayEquals(new float[] {0f, 1f, -2.5f, 3.25f, 0.001f, -1e30f}, f.readFloats("f32.matrix"));

            assertArrayEquals(new long[] {}, f.tensor("f32.scalar").orElseThrow().shape());
            assertArrayEquals(new float[] {42f}, f.readFloats("f32.scalar"));

            assertEquals(DType.BF16, f.tensor("bf16.values").orElseThrow().dtype());
            assertArrayEquals(new long[] {2, 4}, f.tensor("bf16.values").orElseThrow().shape());
            assertArrayEquals(new float[] {1f, -2f, 0.15625f, 256f, 1.5f, -0f, Float.POSITIVE_INFINITY, 0x1p-130f},
                    f.readFloats("bf16.values"));

            assertEquals(DType.F16, f.tensor("f16.specials").orElseThrow().dtype());
            float[] half = f.readFloats("f16.specials");
            float[] expected = {0f, -0f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, 1f, -2f, 65504f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0.0999755859375f};
            assertEquals(expected.length, half.length);
            for (int i = 0; i < expected.length; i++) {
                if (Float.isNaN(expected[i])) {
                    assertTrue(Float.isNaN(half[i]), "f16 element " + i);
                } else {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(half[i]), "f16 element " + i);
                }
            }

            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                NDArray bf = f.toNDArray(m, "bf16.values");
                assertEquals(DataType.FLOAT32, bf.getDataType());
                assertEquals(new Shape(2, 4), bf.getShape());
                assertArrayEquals(f.readFloats("bf16.values"), bf.toFloatArray());
                NDArray i64 = f.toNDArray(m, "i64.ids");
                assertEquals(DataType.INT64, i64.getDataType());
                assertArrayEquals(f.readLongs("i64.ids"), i64.toLongArray());
            }
        }
    }

    /** Our writer, given the same tensors and metadata, must produce the independent writer's bytes exactly. */
    @Test
    void ourWriterReproducesTheReferenceBytes() throws Exception {
        Path ours = dir.resolve("ours.safetensors");
        SafetensorsWriter.builder()
                .metadata(Map.of("producer", "make_reference_safetensors.py", "format", "pt"))
                .addFloats("f32.matrix", DType.F32, new long[] {2, 3}, new float[] {0f, 1f, -2.5f, 3.25f, 0.001f, -1e30f})
                .addFloats("f32.scalar", DType.F32, new long[] {}, new float[] {42f})
                .addFloats("f32.empty", DType.F32, new long[] {0}, new float[0])
                .addFloats("f16.specials", DType.F16, new long[] {12}, new float[] {0f, -0f, 0x1p-24f, 1023 * 0x1p-24f,
                    0x1p-14f, 1f, -2f, 65504f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0.1f})
                .addFloats("bf16.values", DType.BF16, new long[] {2, 4}, new float[] {1f, -2f, 0.15625f, 256f, 1.5f, -0f,
                    Float.POSITIVE_INFINITY, 0x1p-130f})
                .addLongs("i64.ids", new long[] {1, 5}, new long[] {0, 1, -1, 1L << 62, Long.MIN_VALUE})
                .write(ours);
        assertArrayEquals(Files.readAllBytes(reference()), Files.readAllBytes(ours));
    }

    @Test
    void referenceHeaderIsPaddedToEightBytes() throws IOException, URISyntaxException {
        try (SafetensorsFile f = SafetensorsFile.open(reference())) {
            assertEquals(0, f.dataStart() % 8);
        }
    }
}

package org.actionbench.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.weights.StateDictLoaderTest.TinyNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictSaverTest {
    @TempDir
    Path dir;

    @Test
    void savedModuleLoadsBackBitExactly() throws IOException {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            TinyNet original = new TinyNet();
            original.initialize(m, 42);
            Path f = dir.resolve("snapshot/model.safetensors");
            StateDictSaver.save(original, f);
            try (SafetensorsFile file = SafetensorsFile.open(f)) {
                assertEquals("pt", file.metadata().get("format"));
                assertEquals(original.namedParameters().keySet(),
                        new java.util.HashSet<>(file.tensors().stream().map(TensorInfo::name).toList()));
                assertTrue(file.tensors().stream().allMatch(t -> t.dtype() == DType.F32));
            }
            TinyNet copy = new TinyNet();
            StateDictLoader.load(copy, m, f);
            for (Map.Entry<String, Parameter> e : original.namedParameters().entrySet()) {
                assertArrayEquals(e.getValue().array().toFloatArray(),
                        copy.namedParameters().get(e.getKey()).array().toFloatArray(), e.getKey());
            }
        }
    }

    /** An F16 snapshot holds each weight rounded as PyTorch's own half cast rounds it. */
    @Test
    void halfPrecisionSnapshotMatchesPyTorchsRounding() throws IOException {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            TinyNet original = new TinyNet();
            original.initialize(m, 7);
            Path f = dir.resolve("model.fp16.safetensors");
            StateDictSaver.save(original, f, DType.F16, Map.of("step", "100"));
            try (SafetensorsFile file = SafetensorsFile.open(f)) {
                assertEquals(Map.of("format", "pt", "step", "100"), file.metadata());
                assertTrue(file.tensors().stream().allMatch(t -> t.dtype() == DType.F16));
            }
            TinyNet copy = new TinyNet();
            StateDictLoader.load(copy, m, List.of(f));
            for (Map.Entry<String, Parameter> e : original.namedParameters().entrySet()) {
                NDArray viaTorch = e.getValue().array().toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false);
                assertArrayEquals(viaTorch.toFloatArray(), copy.namedParameters().get(e.getKey()).array().toFloatArray(),
                        e.getKey());
            }
        }
    }

    @Test
    void unsetParameterIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StateDictSaver.save(new TinyNet(), dir.resolve("x.safetensors")));
        assertTrue(e.getMessage().contains("'fc1.weight'"), e.getMessage());
    }
}

package org.actionbench.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.nn.LayerNorm;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Parameter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictLoaderTest {
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

    /** fc1.weight [4,3], fc1.bias [4], norm.weight [4], norm.bias [4], fc2.weight [2,4]. */
    static final class TinyNet extends Module {
        TinyNet() {
            child("fc1", new Linear(3, 4, true));
            child("norm", new LayerNorm(4, 1e-5));
            child("fc2", new Linear(4, 2, false));
        }
    }

    /** A module tree built by name, for nested checkpoint keys. */
    static class Node extends Module {
        Node add(String name, Module m) {
            child(name, m);
            return this;
        }
    }

    /** The parameters of a current-diffusers VAE attention block (group_norm stood in by a LayerNorm). */
    static Node vaeAttention(int c) {
        return new Node().add("group_norm", new LayerNorm(c, 1e-6)).add("to_q", new Linear(c, c, true))
                .add("to_k", new Linear(c, c, true)).add("to_v", new Linear(c, c, true))
                .add("to_out", new Node().add("0", new Linear(c, c, true)));
    }

    /** A stand-in VAE that, like the real one, declares the legacy attention names it accepts. */
    static final class VaeStub extends Node implements KeyMappingProvider {
        VaeStub() {
            add("encoder", new Node().add("mid_block", new Node().add("attentions", new Node().add("0", vaeAttention(2)))));
        }

        @Override
        public KeyMapping keyMapping() {
            return KeyMapping.legacyVaeAttention();
        }
    }

    /** Distinct, exactly representable values for each key: key index · 10 + element index, scaled by 1/4. */
    private static Map<String, float[]> valuesFor(Module m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            float[] v = new float[(int) e.getValue().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (k * 10 + i) * 0.25f - 3f;
            }
            out.put(e.getKey(), v);
            k++;
        }
        return out;
    }

    private static SafetensorsWriter.Builder checkpoint(Module m, DType dtype) {
        SafetensorsWriter.Builder b = SafetensorsWriter.builder();
        valuesFor(m).forEach((key, v) -> b.addFloats(key, dtype, m.namedParameters().get(key).shape().getShape(), v));
        return b;
    }

    private static void assertLoaded(Module m, Map<String, float[]> expected) {
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), m.namedParameters().get(e.getKey()).array().toFloatArray(), e.getKey());
        }
    }

    private StateDictMismatchException loadFails(Module m, KeyMapping mapping, Path... files) {
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                () -> StateDictLoader.load(m, manager, mapping, List.of(files)));
        for (Parameter p : m.namedParameters().values()) {
            assertFalse(p.isSet(), "a failed load must not set any parameter");
        }
        return e;
    }

    @Test
    void loadsEveryParameter() throws IOException {
        TinyNet net = new TinyNet();
        Path f = dir.resolve("tiny.safetensors");
        checkpoint(net, DType.F32).write(f);
        StateDictLoader.load(net, manager, f);
        assertLoaded(net, valuesFor(net));
        assertEquals(List.of(), StateDictLoader.check(new TinyNet(), KeyMapping.none(), List.of(f)));
    }

    @Test
    void unknownKeyIsNamed() throws IOException {
        TinyNet net = new TinyNet();
        Path f = dir.resolve("extra.safetensors");
        checkpoint(net, DType.F32).addFloats("fc3.weight", DType.F32, new long[] {1}, new float[] {1}).write(f);
        StateDictMismatchException e = loadFails(net, KeyMapping.none(), f);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected key 'fc3.weight'") && e.getMessage().contains(f.toString()),
                e.getMessage());
    }

    @Test
    void missingKeyIsNamed() throws IOException {
        TinyNet net = new TinyNet();
        Path f = dir.resolve("missing.safetensors");
        SafetensorsWriter.Builder b = SafetensorsWriter.builder();
        valuesFor(net).forEach((key, v) -> {
            if (!key.equals("fc2.weight")) {
                b.addFloats(key, DType.F32, net.namedParameters().get(key).shape().getShape(), v);
            }
        });
        b.write(f);
        StateDictMismatchException e = loadFails(net, KeyMapping.none(), f);
        assertEquals(List.of("missing key 'fc2.weight' (shape [2, 4]) in " + f), e.problems());
    }

    @Test
    void wrongShapeIsNamed() throws IOException {
        TinyNet net = new TinyNet();
        Path f = dir.resolve("shape.safetensors");
        SafetensorsWriter.Builder b = SafetensorsWriter.builder();
        valuesFor(net).forEach((key, v) -> {
            long[] shape = key.equals("fc1.weight") ? new long[] {3, 4} : net.namedParameters().get(key).shape().getShape();
            b.addFloats(key, DType.F32, shape, v);
        });
        b.write(f);
        StateDictMismatchException e = loadFails(net, KeyMapping.none(), f);
        assertEquals(List.of("key 'fc1.weight' in " + f + " has shape [3, 4], the model expects [4, 3]"), e.problems());
    }

    @Test
    void allProblemsAreReportedTogether() throws IOException {
        TinyNet net = new TinyNet();
        Path f = dir.resolve("many.safetensors");
        SafetensorsWriter.builder()
                .addFloats("fc1.weight", DType.F32, new long[] {4, 4}, new float[16])
                .addFloats("fc1.bias", DType.F32, new long[] {4}, new float[4])
                .addFloats("norm.weight", DType.F32, new long[] {4}, new float[4])
                .addFloats("norm.bias", DType.F32, new long[] {4}, new float[4])
                .addFloats("head.weight", DType.F32, new long[] {2, 4}, new float[8])
                .addLongs("fc2.weight", new long[] {2, 4}, new long[8])
                .write(f);
        StateDictMismatchException e = loadFails(new TinyNet(), KeyMapping.none(), f);
        String msg = e.getMessage();
        assertEquals(3, e.problems().size(), msg);
        assertTrue(msg.contains("'fc1.weight'") && msg.contains("'head.weight'") && msg.contains("'fc2.weight'")
                && msg.contains("I64"), msg);
    }

    @Test
    void halfPrecisionFilesLoadIntoTheFloat32Model() throws IOException {
        TinyNet net = new TinyNet();
        Map<String, float[]> values = valuesFor(net); // multiples of 1/4 below 2048: exact in F16 and BF16
        Path f16 = dir.resolve("tiny.fp16.safetensors");
        checkpoint(net, DType.F16).write(f16);
        StateDictLoader.load(net, manager, f16);
        assertLoaded(net, values);
        assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, net.namedParameters().get("fc1.weight").array().getDataType());

        TinyNet bf = new TinyNet();
        Path bf16 = dir.resolve("tiny.bf16.safetensors");
        // bfloat16 has 8 significant bits: (k·10 + i)/4 − 3 stays exact for these small magnitudes.
        checkpoint(bf, DType.BF16).write(bf16);
        StateDictLoader.load(bf, manager, bf16);
        assertLoaded(bf, values);
    }

    @Test
    void fp16RoundingIsWhatTheFileHolds() throws IOException {
        Module lin = new Node().add("l", new Linear(1, 1, false));
        Path f = dir.resolve("round.safetensors");
        SafetensorsWriter.builder().addFloats("l.weight", DType.F16, new long[] {1, 1}, new float[] {0.1f}).write(f);
        StateDictLoader.load(lin, manager, f);
        // 0.1 in binary16 is 0x2E66 = 1638/16384 = 0.0999755859375.
        assertEquals(0.0999755859375f, lin.namedParameters().get("l.weight").array().getFloat(0, 0));
    }

    @Test
    void legacyVaeAttentionNamesLoadThroughTheComponentsMapping() throws IOException {
        VaeStub vae = new VaeStub();
        String p = "encoder.mid_block.attentions.0.";
        Map<String, String> legacy = Map.of("to_q", "query", "to_k", "key", "to_v", "value", "to_out.0", "proj_attn");
        Path f = dir.resolve("vae.safetensors");
        SafetensorsWriter.Builder b = SafetensorsWriter.builder();
        Map<String, float[]> values = valuesFor(vae);
        values.forEach((key, v) -> {
            String fileKey = key;
            for (Map.Entry<String, String> e : legacy.entrySet()) {
                fileKey = fileKey.replace(p + e.getKey() + ".", p + e.getValue() + ".");
            }
            b.addFloats(fileKey, DType.F32, vae.namedParameters().get(key).shape().getShape(), v);
        });
        b.write(f);
        // The file really has the old names, and the module the new ones.
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            assertTrue(file.tensor(p + "proj_attn.weight").isPresent());
            assertFalse(file.tensor(p + "to_out.0.weight").isPresent());
        }
        StateDictLoader.load(vae, manager, f); // mapping from KeyMappingProvider
        assertLoaded(vae, values);

        StateDictMismatchException strict = loadFails(new VaeStub(), KeyMapping.none(), f);
        assertTrue(strict.getMessage().contains("unexpected key '" + p + "query.weight'")
                && strict.getMessage().contains("missing key '" + p + "to_q.weight'"), strict.getMessage());
    }

    @Test
    void oldAndNewNameForTheSameParameterIsADuplicate() throws IOException {
        VaeStub vae = new VaeStub();
        String p = "encoder.mid_block.attentions.0.";
        Path f = dir.resolve("both.safetensors");
        checkpoint(vae, DType.F32).addFloats(p + "query.bias", DType.F32, new long[] {2}, new float[2]).write(f);
        StateDictMismatchException e = loadFails(vae, KeyMapping.legacyVaeAttention(), f);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + p + "query.bias' (read as '" + p + "to_q.bias')")
                || e.getMessage().contains("'" + p + "to_q.bias'"), e.getMessage());
        assertTrue(e.getMessage().contains("duplicates"), e.getMessage());
    }

    @Test
    void positionIdsBufferIsIgnoredOnlyWhenDeclared() throws IOException {
        Module text = new Node().add("text_model", new Node().add("final_layer_norm", new LayerNorm(4, 1e-5)));
        Path f = dir.resolve("text.safetensors");
        long[] ids = new long[77];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        checkpoint(text, DType.F32).addLongs("text_model.embeddings.position_ids", new long[] {1, 77}, ids).write(f);

        StateDictMismatchException e = loadFails(text, KeyMapping.none(), f);
        assertEquals(List.of("unexpected key 'text_model.embeddings.position_ids' in " + f), e.problems());

        StateDictLoader.load(text, manager, KeyMapping.clipPositionIds(), List.of(f));
        assertLoaded(text, valuesFor(text));
    }

    @Test
    void shardsAreCombinedAndKeysMayAppearOnlyOnce() throws IOException {
        TinyNet net = new TinyNet();
        Map<String, float[]> values = valuesFor(net);
        Path a = dir.resolve("model-00001-of-00002.safetensors");
        Path b = dir.resolve("model-00002-of-00002.safetensors");
        SafetensorsWriter.Builder first = SafetensorsWriter.builder();
        SafetensorsWriter.Builder second = SafetensorsWriter.builder();
        values.forEach((key, v) -> (key.startsWith("fc1") ? first : second)
                .addFloats(key, DType.F32, net.namedParameters().get(key).shape().getShape(), v));
        first.write(a);
        second.write(b);
        StateDictLoader.load(net, manager, a, b);
        assertLoaded(net, values);

        Path c = dir.resolve("again.safetensors");
        SafetensorsWriter.builder().addFloats("fc1.bias", DType.F32, new long[] {4}, new float[4]).write(c);
        StateDictMismatchException e = loadFails(new TinyNet(), KeyMapping.none(), a, b, c);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("'fc1.bias'") && e.getMessage().contains(c.toString())
                && e.getMessage().contains(a.toString()), e.getMessage());
    }

    @Test
    void parametersStayValidAfterTheFilesAreGone() throws IOException {
        TinyNet net = new TinyNet();
        Path f = dir.resolve("gone.safetensors");
        checkpoint(net, DType.F32).write(f);
        StateDictLoader.load(net, manager, f);
        Files.delete(f);
        System.gc();
        assertLoaded(net, valuesFor(net));
    }
}

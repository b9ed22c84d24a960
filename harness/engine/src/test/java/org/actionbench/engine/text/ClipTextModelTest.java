package org.actionbench.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.TreeSet;
import org.actionbench.engine.TestWeights;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.nn.FiniteDifferences;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.weights.DType;
import org.actionbench.engine.weights.KeyMapping;
import org.actionbench.engine.weights.SafetensorsFile;
import org.actionbench.engine.weights.SafetensorsWriter;
import org.actionbench.engine.weights.StateDictLoader;
import org.actionbench.engine.weights.StateDictMismatchException;
import org.actionbench.engine.weights.StateDictSaver;
import org.actionbench.engine.weights.TensorInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTextModelTest {
    static final int VOCAB = 20;
    static final int HIDDEN = 8;
    static final int HEADS = 2;
    static final int INTER = 12;
    static final int POSITIONS = 6;

    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static ClipTextConfig tinyConfig(int layers, String act) {
        return TinyTextConfigs.of(VOCAB, HIDDEN, INTER, layers, HEADS, POSITIONS, act);
    }

    static ClipTextModel tinyModel(int layers, String act, long seed) {
        ClipTextModel model = new ClipTextModel(tinyConfig(layers, act));
        model.initialize(manager, seed);
        // Random non-trivial layer-norm affine parameters so the reference checks them too.
        TestWeights.perturbNorms(model, manager, seed + 1, 0.1);
        return model;
    }

    @Test
    void keysAndShapesAreTransformersNames() {
        ClipTextModel model = new ClipTextModel(tinyConfig(2, "gelu"));
        Map<String, Parameter> p = model.namedParameters();
        assertEquals(new Shape(VOCAB, HIDDEN), p.get("text_model.embeddings.token_embedding.weight").shape());
        assertEquals(new Shape(POSITIONS, HIDDEN), p.get("text_model.embeddings.position_embedding.weight").shape());
        assertEquals(new Shape(HIDDEN, HIDDEN), p.get("text_model.encoder.layers.1.self_attn.q_proj.weight").shape());
        assertEquals(new Shape(INTER, HIDDEN), p.get("text_model.encoder.layers.0.mlp.fc1.weight").shape());
        assertEquals(new Shape(HIDDEN), p.get("text_model.encoder.layers.0.layer_norm2.bias").shape());
        assertEquals(new Shape(HIDDEN), p.get("text_model.final_layer_norm.weight").shape());
        // per layer: 4 attention projections (w+b), 2 norms, fc1, fc2
        long perLayer = 4 * (HIDDEN * HIDDEN + HIDDEN) + 2 * 2 * HIDDEN + (HIDDEN * INTER + INTER) + (INTER * HIDDEN + HIDDEN);
        assertEquals(VOCAB * HIDDEN + POSITIONS * HIDDEN + 2 * perLayer + 2 * HIDDEN, model.parameterCount());
        assertEquals(2 + 2 * 16 + 2, p.size());
    }

    @Test
    void forwardMatchesPlainJavaReference() {
        for (String act : new String[] {"gelu", "quick_gelu"}) {
            ClipTextModel model = tinyModel(2, act, 7);
            long[] ids = {3, 17, 5, 0, 19, 2};
            double[][] expected = Reference.forward(model, ids, act);
            try (NDManager step = manager.newSubManager()) {
                NDArray out = model.forward(step.create(ids, new Shape(1, ids.length)));
                assertEquals(new Shape(1, ids.length, HIDDEN), out.getShape());
                float[] got = out.toFloatArray();
                for (int t = 0; t < ids.length; t++) {
                    for (int d = 0; d < HIDDEN; d++) {
                        assertEquals(expected[t][d], got[t * HIDDEN + d], 2e-5, act + " t=" + t + " d=" + d);
                    }
                }
            }
        }
    }

    @Test
    void attentionIsCausal() {
        ClipTextModel model = tinyModel(2, "gelu", 3);
        try (NDManager step = manager.newSubManager()) {
            float[] a = model.forward(step.create(new long[] {1, 2, 3, 4, 5, 6}, new Shape(1, 6))).toFloatArray();
            float[] b = model.forward(step.create(new long[] {1, 2, 3, 9, 9, 9}, new Shape(1, 6))).toFloatArray();
            for (int i = 0; i < 3 * HIDDEN; i++) {
                assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]), "position " + i / HIDDEN);
            }
            boolean changed = false;
            for (int i = 3 * HIDDEN; i < a.length; i++) {
                changed |= a[i] != b[i];
            }
            assertTrue(changed);
        }
    }

    @Test
    void placeholderRowsReplaceOnlyTheirPositions() {
        ClipTextModel model = tinyModel(1, "gelu", 5);
        try (NDManager step = manager.newSubManager()) {
            float[] extra = new float[2 * HIDDEN];
            for (int i = 0; i < extra.length; i++) {
                extra[i] = i * 0.25f - 1;
            }
            NDArray rows = step.create(extra, new Shape(2, HIDDEN));
            NDArray ids = step.create(new long[] {4, VOCAB + 1, 7, VOCAB}, new Shape(1, 4));
            float[] emb = model.embedTokens(ids, rows).toFloatArray();
            float[] table = model.tokenEmbedding().weight().array().toFloatArray();
            for (int d = 0; d < HIDDEN; d++) {
                assertEquals(table[4 * HIDDEN + d], emb[d]);
                assertEquals(extra[HIDDEN + d], emb[HIDDEN + d]);
                assertEquals(table[7 * HIDDEN + d], emb[2 * HIDDEN + d]);
                assertEquals(extra[d], emb[3 * HIDDEN + d]);
            }
            // Per-sequence rows [B, k, D]: each sequence of the batch reads its own placeholder values.
            NDArray perSeq = step.create(extra, new Shape(2, 1, HIDDEN));
            NDArray ids2 = step.create(new long[] {VOCAB, 4, VOCAB, 4}, new Shape(2, 2));
            float[] emb2 = model.embedTokens(ids2, perSeq).toFloatArray();
            for (int d = 0; d < HIDDEN; d++) {
                assertEquals(extra[d], emb2[d]);
                assertEquals(extra[HIDDEN + d], emb2[2 * HIDDEN + d]);
            }
        }
    }

    @Test
    void gradientWithRespectToPlaceholderMatchesFiniteDifferences() {
        ClipTextModel model = tinyModel(2, "gelu", 11);
        SplittableRandom r = new SplittableRandom(42);
        float[] extra = new float[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            extra[i] = (float) r.nextGaussian();
        }
        float[] weights = new float[POSITIONS * HIDDEN];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) r.nextGaussian();
        }
        long[] ids = {1, 5, VOCAB, 9, 2, 2};
        float[] grad;
        try (NDManager step = manager.newSubManager()) {
            NDArray rows = step.create(extra, new Shape(1, HIDDEN));
            rows.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = loss(model, step, ids, rows, weights);
                gc.backward(loss);
            }
            grad = rows.getGradient().toFloatArray();
            // The frozen vocabulary received no gradient: only the placeholder row moves.
            assertNull(gradientOrNull(model.tokenEmbedding().weight().array()));
        }
        int[] channels = IntStream.range(0, HIDDEN).toArray();
        FiniteDifferences.assertGradient(grad, extra, channels, 0.1, values -> {
            try (NDManager step = manager.newSubManager()) {
                NDArray out = output(model, step, ids, step.create(values, new Shape(1, HIDDEN)));
                return FiniteDifferences.Evaluation.weightedSum(out.toFloatArray(), weights);
            }
        }, "channel");
    }

    private static NDArray gradientOrNull(NDArray a) {
        return a.hasGradient() ? a.getGradient() : null;
    }

    private static NDArray output(ClipTextModel model, NDManager m, long[] ids, NDArray rows) {
        return model.forwardEmbeds(model.embedTokens(m.create(ids, new Shape(1, ids.length)), rows));
    }

    private static NDArray loss(ClipTextModel model, NDManager m, long[] ids, NDArray rows, float[] weights) {
        return output(model, m, ids, rows).mul(m.create(weights, new Shape(1, POSITIONS, HIDDEN))).sum();
    }

    @Test
    void checkpointWithLegacyPositionIdsLoadsAndGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        ClipTextModel saved = tinyModel(2, "gelu", 21);
        // As transformers < 4.31 saved it: every parameter plus the int64 position_ids buffer.
        SafetensorsWriter.Builder b = SafetensorsWriter.builder().metadata("format", "pt");
        for (Map.Entry<String, Parameter> e : saved.namedParameters().entrySet()) {
            b.addFloats(e.getKey(), DType.F32, e.getValue().shape().getShape(), e.getValue().array().toFloatArray());
        }
        b.addLongs("text_model.embeddings.position_ids", new long[] {1, POSITIONS}, new long[] {0, 1, 2, 3, 4, 5});
        Path file = dir.resolve("model.safetensors");
        b.write(file);

        ClipTextModel loaded = new ClipTextModel(tinyConfig(2, "gelu"));
        StateDictLoader.load(loaded, manager, file);
        try (NDManager step = manager.newSubManager()) {
            NDArray ids = step.create(new long[] {3, 1, 4, 1, 5, 9}, new Shape(1, 6));
            assertArrayEquals(saved.forward(ids).toFloatArray(), loaded.forward(ids).toFloatArray());
        }
    }

    /**
     * The keys of a flat transformers ≥ 5.6 {@code CLIPTextModel} state dict, spelled out from its module tree
     * (embeddings, encoder.layers.N.{self_attn, layer_norm1, mlp, layer_norm2}, final_layer_norm), not from ours.
     */
    static List<String> flatTransformersKeys(int layers) {
        List<String> keys = new ArrayList<>(List.of("embeddings.token_embedding.weight",
                "embeddings.position_embedding.weight"));
        for (int l = 0; l < layers; l++) {
            String layer = "encoder.layers." + l + ".";
            for (String module : List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                    "self_attn.out_proj", "layer_norm1", "mlp.fc1", "mlp.fc2", "layer_norm2")) {
                keys.add(layer + module + ".weight");
                keys.add(layer + module + ".bias");
            }
        }
        keys.add("final_layer_norm.weight");
        keys.add("final_layer_norm.bias");
        return keys;
    }

    /** The model's values under the given file keys, each the flat key of a parameter, prefixed when nested. */
    private static Path writeFlat(ClipTextModel m, Path file, List<String> flatKeys, List<String> keptNested)
            throws Exception {
        SafetensorsWriter.Builder b = SafetensorsWriter.builder().metadata("format", "pt");
        for (String k : flatKeys) {
            Parameter p = m.namedParameters().get("text_model." + k);
            String fileKey = keptNested.contains(k) ? "text_model." + k : k;
            b.addFloats(fileKey, DType.F32, p.shape().getShape(), p.array().toFloatArray());
        }
        b.write(file);
        return file;
    }

    private static List<String> keysOf(Path file) throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.tensors().stream().map(TensorInfo::name).toList();
        }
    }

    private static StateDictMismatchException refused(Path file) {
        ClipTextModel target = new ClipTextModel(tinyConfig(2, "gelu"));
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                () -> StateDictLoader.load(target, manager, file));
        for (Parameter p : target.namedParameters().values()) {
            assertFalse(p.isSet(), "a refused checkpoint must not set any parameter");
        }
        return e;
    }

    @Test
    void flatLayoutOfTransformers56AndOurNestedOneLoadToIdenticalParameters(@TempDir Path dir) throws Exception {
        ClipTextModel saved = tinyModel(2, "gelu", 31);
        List<String> flatKeys = flatTransformersKeys(2);
        // Our parameters are the flat keys under text_model., i.e. transformers < 5.6's names.
        assertEquals(new TreeSet<>(flatKeys.stream().map(k -> "text_model." + k).toList()),
                new TreeSet<>(saved.namedParameters().keySet()));

        Path nested = dir.resolve("nested.safetensors");
        StateDictSaver.save(saved, nested);
        assertTrue(keysOf(nested).stream().allMatch(k -> k.startsWith("text_model.")), "we write the nested layout");
        Path flat = writeFlat(saved, dir.resolve("flat.safetensors"), flatKeys, List.of());
        assertEquals(new TreeSet<>(flatKeys), new TreeSet<>(keysOf(flat)));

        // Without the layout this is the 72-problem refusal of issue 16 §6 (36 unexpected, 36 missing).
        ClipTextModel strict = new ClipTextModel(tinyConfig(2, "gelu"));
        StateDictMismatchException old = assertThrows(StateDictMismatchException.class,
                () -> StateDictLoader.load(strict, manager, KeyMapping.clipPositionIds(), List.of(flat)));
        assertEquals(2 * flatKeys.size(), old.problems().size(), old.getMessage());

        for (Path file : List.of(nested, flat)) {
            ClipTextModel loaded = new ClipTextModel(tinyConfig(2, "gelu"));
            StateDictLoader.load(loaded, manager, file);
            for (Map.Entry<String, Parameter> e : saved.namedParameters().entrySet()) {
                assertArrayEquals(e.getValue().array().toFloatArray(),
                        loaded.namedParameters().get(e.getKey()).array().toFloatArray(), file + ": " + e.getKey());
            }
        }
    }

    @Test
    void checkpointMixingTheTwoLayoutsIsRefusedNamingAKeyOfEach(@TempDir Path dir) throws Exception {
        ClipTextModel saved = tinyModel(2, "gelu", 32);
        Path mixed = writeFlat(saved, dir.resolve("mixed.safetensors"), flatTransformersKeys(2),
                List.of("final_layer_norm.weight", "final_layer_norm.bias"));
        StateDictMismatchException e = refused(mixed);
        // Every parameter is there exactly once, so the mixing is the only problem.
        assertEquals(1, e.problems().size(), e.getMessage());
        String problem = e.problems().get(0);
        assertTrue(problem.contains("different layouts") && problem.contains(mixed.toString()), problem);
        String nestedKey = "'text_model\\.final_layer_norm\\.(weight|bias)' in \\S+";
        String flatKey = "'(embeddings|encoder)\\.[^']+' in \\S+";
        assertTrue(problem.matches(".*" + nestedKey + " is in the model's own layout.*"), problem);
        assertTrue(problem.matches(".*" + flatKey + " is in the flat layout of transformers >= 5\\.6.*"), problem);
    }

    @Test
    void unknownKeysAreStillRefusedInTheFlatLayout(@TempDir Path dir) throws Exception {
        ClipTextModel saved = tinyModel(2, "gelu", 33);
        Path flat = writeFlat(saved, dir.resolve("flat.safetensors"), flatTransformersKeys(2), List.of());
        // A third layer the config does not have, and CLIPModel's logit_scale, which no text encoder holds.
        Path extra = dir.resolve("extra-keys.safetensors");
        SafetensorsWriter.Builder b = SafetensorsWriter.builder().metadata("format", "pt");
        try (SafetensorsFile f = SafetensorsFile.open(flat)) {
            for (TensorInfo t : f.tensors()) {
                b.addFloats(t.name(), DType.F32, t.shape(), f.readFloats(t.name()));
            }
        }
        b.addFloats("encoder.layers.2.mlp.fc1.bias", DType.F32, new long[] {INTER}, new float[INTER]);
        b.addFloats("logit_scale", DType.F32, new long[] {}, new float[] {2.6592f});
        b.write(extra);
        StateDictMismatchException e = refused(extra);
        assertEquals(List.of(
                "unexpected key 'encoder.layers.2.mlp.fc1.bias' (read as 'text_model.encoder.layers.2.mlp.fc1.bias') in "
                        + extra,
                "unexpected key 'logit_scale' in " + extra), e.problems().stream().sorted().toList());
    }

    @Test
    void sequenceLongerThanPositionsIsRejected() {
        ClipTextModel model = tinyModel(1, "gelu", 1);
        try (NDManager step = manager.newSubManager()) {
            NDArray ids = step.zeros(new Shape(1, POSITIONS + 1), DataType.INT64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(ids));
            assertTrue(e.getMessage().contains("max_position_embeddings"));
        }
    }

    /** A naive double-precision CLIP text transformer over plain arrays, written from the architecture. */
    static final class Reference {
        static double[][] forward(ClipTextModel model, long[] ids, String act) {
            Map<String, Parameter> p = model.namedParameters();
            int n = ids.length;
            double[][] h = new double[n][HIDDEN];
            double[] tok = doubles(p, "text_model.embeddings.token_embedding.weight");
            double[] pos = doubles(p, "text_model.embeddings.position_embedding.weight");
            for (int t = 0; t < n; t++) {
                for (int d = 0; d < HIDDEN; d++) {
                    h[t][d] = tok[(int) ids[t] * HIDDEN + d] + pos[t * HIDDEN + d];
                }
            }
            int layers = model.config().numHiddenLayers();
            for (int l = 0; l < layers; l++) {
                String pre = "text_model.encoder.layers." + l + ".";
                double[][] x = layerNorm(h, doubles(p, pre + "layer_norm1.weight"), doubles(p, pre + "layer_norm1.bias"));
                double[][] q = linear(x, p, pre + "self_attn.q_proj", HIDDEN);
                double[][] k = linear(x, p, pre + "self_attn.k_proj", HIDDEN);
                double[][] v = linear(x, p, pre + "self_attn.v_proj", HIDDEN);
                int hd = HIDDEN / HEADS;
                double[][] att = new double[n][HIDDEN];
                for (int head = 0; head < HEADS; head++) {
                    for (int i = 0; i < n; i++) {
                        double[] s = new double[i + 1];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j <= i; j++) {
                            double dot = 0;
                            for (int c = 0; c < hd; c++) {
                                dot += q[i][head * hd + c] * k[j][head * hd + c];
                            }
                            s[j] = dot / Math.sqrt(hd);
                            max = Math.max(max, s[j]);
                        }
                        double z = 0;
                        for (int j = 0; j <= i; j++) {
                            s[j] = Math.exp(s[j] - max);
                            z += s[j];
                        }
                        for (int j = 0; j <= i; j++) {
                            for (int c = 0; c < hd; c++) {
                                att[i][head * hd + c] += s[j] / z * v[j][head * hd + c];
                            }
                        }
                    }
                }
                add(h, linear(att, p, pre + "self_attn.out_proj", HIDDEN));
                x = layerNorm(h, doubles(p, pre + "layer_norm2.weight"), doubles(p, pre + "layer_norm2.bias"));
                double[][] f = linear(x, p, pre + "mlp.fc1", INTER);
                for (double[] row : f) {
                    for (int c = 0; c < row.length; c++) {
                        double a = row[c];
                        row[c] = act.equals("gelu") ? 0.5 * a * (1 + erf(a / Math.sqrt(2))) : a / (1 + Math.exp(-1.702 * a));
                    }
                }
                add(h, linear(f, p, pre + "mlp.fc2", HIDDEN));
            }
            return layerNorm(h, doubles(p, "text_model.final_layer_norm.weight"), doubles(p, "text_model.final_layer_norm.bias"));
        }

        static double[] doubles(Map<String, Parameter> p, String key) {
            float[] f = p.get(key).array().toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }

        static double[][] linear(double[][] x, Map<String, Parameter> p, String prefix, int out) {
            double[] w = doubles(p, prefix + ".weight");
            double[] b = doubles(p, prefix + ".bias");
            int in = x[0].length;
            double[][] y = new double[x.length][out];
            for (int t = 0; t < x.length; t++) {
                for (int o = 0; o < out; o++) {
                    double s = b[o];
                    for (int i = 0; i < in; i++) {
                        s += w[o * in + i] * x[t][i];
                    }
                    y[t][o] = s;
                }
            }
            return y;
        }

        static double[][] layerNorm(double[][] x, double[] g, double[] b) {
            double[][] y = new double[x.length][];
            for (int t = 0; t < x.length; t++) {
                double mean = 0;
                for (double v : x[t]) {
                    mean += v;
                }
                mean /= x[t].length;
                double var = 0;
                for (double v : x[t]) {
                    var += (v - mean) * (v - mean);
                }
                var /= x[t].length;
                y[t] = new double[x[t].length];
                for (int d = 0; d < x[t].length; d++) {
                    y[t][d] = (x[t][d] - mean) / Math.sqrt(var + 1e-5) * g[d] + b[d];
                }
            }
            return y;
        }

        static void add(double[][] h, double[][] r) {
            for (int t = 0; t < h.length; t++) {
                for (int d = 0; d < h[t].length; d++) {
                    h[t][d] += r[t][d];
                }
            }
        }

        /**
         * erf by its Maclaurin series. Below 4.5 the alternating terms stay under 1e8, so cancellation
         * costs at most ~1e-8; above it 1 − erf(x) < 2e-10 and ±1 is exact enough.
         */
        static double erf(double x) {
            double ax = Math.abs(x);
            if (ax > 4.5) {
                return Math.signum(x);
            }
            double sum = 0;
            double term = ax;
            for (int n = 0; n < 200; n++) {
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17) {
                    break;
                }
                term *= -ax * ax / (n + 1);
            }
            return Math.signum(x) * 2 / Math.sqrt(Math.PI) * sum;
        }
    }
}

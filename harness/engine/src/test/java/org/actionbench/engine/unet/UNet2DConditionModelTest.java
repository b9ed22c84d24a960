package org.actionbench.engine.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.nn.FiniteDifferences;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.nn.PlainMath;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.weights.DType;
import org.actionbench.engine.weights.SafetensorsWriter;
import org.actionbench.engine.weights.StateDictLoader;
import org.actionbench.engine.weights.StateDictMismatchException;
import org.actionbench.engine.weights.StateDictSaver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole tiny UNet: conditioning routing, gradients, checkpoints and ControlNet residuals. */
class UNet2DConditionModelTest {
    static final int B = 2;
    static final int TOKENS = 3;
    static final int D = TinyUNets.CROSS_DIM;
    static final Shape SAMPLE = new Shape(B, 4, 8, 8);
    static final Shape CONTEXT = new Shape(B, TOKENS, D);

    static NDManager manager;
    static UNet2DConditionModel unet;
    static float[] sample;
    static float[] lossWeights;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
        unet = model(TinyUNets.tiny(1), 101);
        sample = PlainMath.gaussian(1, (int) SAMPLE.size(), 1);
        lossWeights = PlainMath.gaussian(2, (int) SAMPLE.size(), 1);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static UNet2DConditionModel model(UNetConfig config, long seed) {
        UNet2DConditionModel m = new UNet2DConditionModel(config);
        PlainMath.randomize(m, manager, seed);
        return m;
    }

    static float[] context(long seed) {
        return PlainMath.gaussian(seed, (int) CONTEXT.size(), 1);
    }

    /** Runs the UNet in its own step scope and returns the prediction as Java values. */
    static float[] predict(UNet2DConditionModel model, Function<NDManager, Conditioning> context,
            Function<NDManager, ControlResiduals> residuals) {
        try (StepScope step = StepScope.open(manager, model.arrays())) {
            NDManager m = step.manager();
            NDArray out = model.forward(m.create(sample, SAMPLE), m.create(new long[] {10, 700}), context.apply(m),
                    residuals == null ? null : residuals.apply(m));
            assertEquals(SAMPLE, out.getShape());
            return out.toFloatArray();
        }
    }

    static float[] predictShared(UNet2DConditionModel model, float[] ctx) {
        return predict(model, m -> Conditioning.shared(m.create(ctx, CONTEXT)), null);
    }

    static float[] predictPerLayer(UNet2DConditionModel model, List<float[]> contexts) {
        return predict(model, m -> Conditioning.perLayer(contexts.stream().map(c -> m.create(c, CONTEXT)).toList()),
                null);
    }

    /** Σ out·w in double, so finite differences are not lost in float32 summation. */
    static FiniteDifferences.Evaluation loss(float[] out) {
        return FiniteDifferences.Evaluation.weightedSum(out, lossWeights);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void perLayerContextsAllEqualGiveTheSharedOutput() {
        float[] ctx = context(3);
        List<float[]> same = new ArrayList<>();
        for (int k = 0; k < unet.crossAttentionLayers(); k++) {
            same.add(ctx);
        }
        assertEquals(4, unet.crossAttentionLayers());
        assertArrayEquals(predictShared(unet, ctx), predictPerLayer(unet, same));
    }

    /**
     * Layer k's context reaches exactly the attn2 named k-th in {@link UNet2DConditionModel#crossAttentionLayerNames}:
     * with every other attn2 output projection zeroed, only layer k's context moves the prediction.
     */
    @Test
    void eachLayersContextReachesItsOwnCrossAttention() {
        UNet2DConditionModel model = model(TinyUNets.tiny(1), 7);
        int layers = model.crossAttentionLayers();
        List<float[]> base = new ArrayList<>();
        for (int k = 0; k < layers; k++) {
            base.add(context(20 + k));
        }
        Map<String, Parameter> params = model.namedParameters();
        for (int k = 0; k < layers; k++) {
            UNet2DConditionModel isolated = model(TinyUNets.tiny(1), 7);
            for (int j = 0; j < layers; j++) {
                if (j != k) {
                    String out = model.crossAttentionLayerNames().get(j) + ".to_out.0.";
                    Map<String, Parameter> ip = isolated.namedParameters();
                    ip.get(out + "weight").set(manager.zeros(params.get(out + "weight").shape()));
                    ip.get(out + "bias").set(manager.zeros(params.get(out + "bias").shape()));
                }
            }
            float[] reference = predictPerLayer(isolated, base);
            for (int j = 0; j < layers; j++) {
                List<float[]> changed = new ArrayList<>(base);
                changed.set(j, context(90 + j));
                double diff = maxAbsDiff(reference, predictPerLayer(isolated, changed));
                if (j == k) {
                    assertTrue(diff > 1e-3, "layer " + k + "'s own context must change the output, diff " + diff);
                } else {
                    assertEquals(0.0, diff, "layer " + j + "'s context must not reach an output while only layer "
                            + k + "'s attn2 is live");
                }
            }
        }
    }

    @Test
    void changingOneLayersContextChangesTheOutput() {
        List<float[]> base = new ArrayList<>();
        for (int k = 0; k < unet.crossAttentionLayers(); k++) {
            base.add(context(30 + k));
        }
        float[] reference = predictPerLayer(unet, base);
        for (int k = 0; k < base.size(); k++) {
            List<float[]> changed = new ArrayList<>(base);
            changed.set(k, context(60 + k));
            assertTrue(maxAbsDiff(reference, predictPerLayer(unet, changed)) > 1e-3, "layer " + k);
        }
    }

    @Test
    void gradientWithRespectToOnePerLayerContextMatchesFiniteDifferences() {
        for (int layer : new int[] {0, 3}) {
            List<float[]> contexts = new ArrayList<>();
            for (int k = 0; k < unet.crossAttentionLayers(); k++) {
                contexts.add(context(40 + k));
            }
            float[] grad = gradient(m -> {
                List<NDArray> arrays = contexts.stream().map(c -> m.create(c, CONTEXT)).toList();
                arrays.get(layer).setRequiresGradient(true);
                return arrays;
            }, arrays -> Conditioning.perLayer(arrays), layer);
            checkFiniteDifferences(grad, contexts.get(layer), values -> {
                List<float[]> c = new ArrayList<>(contexts);
                c.set(layer, values);
                return loss(predictPerLayer(unet, c));
            }, "per-layer context " + layer);
        }
    }

    @Test
    void gradientWithRespectToTheSharedContextMatchesFiniteDifferences() {
        float[] ctx = context(50);
        float[] grad = gradient(m -> {
            NDArray a = m.create(ctx, CONTEXT);
            a.setRequiresGradient(true);
            return List.of(a);
        }, arrays -> Conditioning.shared(arrays.get(0)), 0);
        checkFiniteDifferences(grad, ctx, values -> loss(predictShared(unet, values)), "shared context");
    }

    /** d loss / d (context {@code which}) by autograd, in a step scope as training runs it. */
    private static float[] gradient(Function<NDManager, List<NDArray>> make,
            Function<List<NDArray>, Conditioning> conditioning, int which) {
        try (StepScope step = StepScope.open(manager, unet.arrays())) {
            NDManager m = step.manager();
            List<NDArray> arrays = make.apply(m);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = unet.forward(m.create(sample, SAMPLE), m.create(new long[] {10, 700}),
                        conditioning.apply(arrays), null);
                gc.backward(out.mul(m.create(lossWeights, SAMPLE)).sum());
            }
            return arrays.get(which).getGradient().toFloatArray();
        }
    }

    /** Finite differences on a few entries spread over both batch items ({@link FiniteDifferences}' bound). */
    private static void checkFiniteDifferences(float[] grad, float[] values,
            Function<float[], FiniteDifferences.Evaluation> loss, String what) {
        int[] entries = {0, 5, 17, 31, values.length / 2 + 3, values.length - 1};
        FiniteDifferences.assertGradient(grad, values, entries, 0.1, loss, what);
    }

    @Test
    void oneTimestepServesTheWholeBatch() {
        float[] ctx = context(4);
        try (StepScope step = StepScope.open(manager, unet.arrays())) {
            NDManager m = step.manager();
            Conditioning c = Conditioning.shared(m.create(ctx, CONTEXT));
            NDArray x = m.create(sample, SAMPLE);
            assertArrayEquals(unet.forward(x, m.create(new long[] {500, 500}), c).toFloatArray(),
                    unet.forward(x, m.create(new long[] {500}), c).toFloatArray());
            assertTrue(maxAbsDiff(unet.forward(x, m.create(new long[] {500}), c).toFloatArray(),
                    unet.forward(x, m.create(new long[] {20}), c).toFloatArray()) > 1e-3, "timestep matters");
        }
    }

    @Test
    void savedModelLoadsBackWithIdenticalOutputs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unet/diffusion_pytorch_model.safetensors");
        StateDictSaver.save(unet, file);
        UNet2DConditionModel loaded = new UNet2DConditionModel(TinyUNets.tiny(1));
        StateDictLoader.load(loaded, manager, file);
        float[] ctx = context(5);
        assertArrayEquals(predictShared(unet, ctx), predictShared(loaded, ctx));
    }

    @Test
    void renamedMissingOrMisShapedKeysFailNamingTheKey(@TempDir Path dir) throws Exception {
        String renamed = "mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight";
        String missing = "up_blocks.1.resnets.0.conv_shortcut.bias";
        String misShaped = "down_blocks.0.attentions.0.proj_in.weight";
        SafetensorsWriter.Builder b = SafetensorsWriter.builder().metadata("format", "pt");
        for (Map.Entry<String, Parameter> e : unet.namedParameters().entrySet()) {
            String key = e.getKey();
            long[] shape = e.getValue().shape().getShape();
            float[] values = e.getValue().array().toFloatArray();
            if (key.equals(missing)) {
                continue;
            }
            if (key.equals(misShaped)) {
                shape = new long[] {shape[0], shape[1], 1, 1};
            }
            b.addFloats(key.equals(renamed) ? key.replace("to_k", "key") : key, DType.F32, shape, values);
        }
        Path file = dir.resolve("broken.safetensors");
        b.write(file);
        UNet2DConditionModel target = new UNet2DConditionModel(TinyUNets.tiny(1));
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                () -> StateDictLoader.load(target, manager, file));
        String message = e.getMessage();
        assertTrue(message.contains("'" + renamed.replace("to_k", "key") + "'"), message);
        assertTrue(message.contains("missing key '" + renamed + "'"), message);
        assertTrue(message.contains("missing key '" + missing + "'"), message);
        assertTrue(message.contains("'" + misShaped + "'") && message.contains("[32, 32, 1, 1]"), message);
        assertEquals(4, e.problems().size(), message);
        assertFalse(target.namedParameters().get("conv_in.weight").isSet(), "nothing is loaded on a mismatch");
    }

    @Test
    void zeroControlResidualsLeaveTheOutputUnchanged() {
        float[] ctx = context(6);
        List<Integer> channels = unet.blockConfig().skipChannels();
        assertEquals(List.of(32, 32, 32, 64), channels);
        float[] plain = predictShared(unet, ctx);
        float[] zero = predict(unet, m -> Conditioning.shared(m.create(ctx, CONTEXT)),
                m -> new ControlResiduals(residuals(m, channels, -1, 0f), m.zeros(new Shape(B, 64, 4, 4))));
        assertArrayEquals(plain, zero);
        for (int skip = 0; skip < channels.size(); skip++) {
            int s = skip;
            float[] one = predict(unet, m -> Conditioning.shared(m.create(ctx, CONTEXT)),
                    m -> new ControlResiduals(residuals(m, channels, s, 0.5f), null));
            assertTrue(maxAbsDiff(plain, one) > 1e-3, "a residual on skip " + skip + " must change the output");
        }
        float[] mid = predict(unet, m -> Conditioning.shared(m.create(ctx, CONTEXT)),
                m -> new ControlResiduals(null, m.ones(new Shape(B, 64, 4, 4))));
        assertTrue(maxAbsDiff(plain, mid) > 1e-3, "the mid residual must change the output");
    }

    /** Zero residuals for every skip (at the skip's resolution), {@code value} on skip {@code which}. */
    private static List<NDArray> residuals(NDManager m, List<Integer> channels, int which, float value) {
        long[] sizes = {8, 8, 4, 4};
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            Shape s = new Shape(B, channels.get(i), sizes[i], sizes[i]);
            out.add(i == which ? m.full(s, value) : m.zeros(s));
        }
        return out;
    }

    @Test
    void badInputsAreRejectedClearly() {
        try (StepScope step = StepScope.open(manager, unet.arrays())) {
            NDManager m = step.manager();
            NDArray t = m.create(new long[] {1});
            NDArray ctx = m.zeros(CONTEXT);
            IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class,
                    () -> unet.forward(m.zeros(SAMPLE), t, Conditioning.perLayer(List.of(ctx, ctx))));
            assertTrue(wrongCount.getMessage().contains("2 contexts") && wrongCount.getMessage().contains("4 "),
                    wrongCount.getMessage());
            IllegalArgumentException oddSize = assertThrows(IllegalArgumentException.class,
                    () -> unet.forward(m.zeros(new Shape(B, 4, 7, 8)), t, ctx));
            assertTrue(oddSize.getMessage().contains("multiples of 2"), oddSize.getMessage());
            IllegalArgumentException residualCount = assertThrows(IllegalArgumentException.class,
                    () -> unet.forward(m.zeros(SAMPLE), t, Conditioning.shared(ctx),
                            new ControlResiduals(List.of(m.zeros(new Shape(B, 32, 8, 8))), null)));
            assertTrue(residualCount.getMessage().contains("4 skip connections"), residualCount.getMessage());
        }
    }

    @Test
    void unsupportedConfigsAreRejectedByField() {
        IllegalArgumentException onlyCross = assertThrows(IllegalArgumentException.class,
                () -> new UNet2DConditionModel(TinyUNets.parse(1, true, ", \"only_cross_attention\": true")));
        assertTrue(onlyCross.getMessage().contains("only_cross_attention"), onlyCross.getMessage());
        IllegalArgumentException shift = assertThrows(IllegalArgumentException.class,
                () -> new UNet2DConditionModel(TinyUNets.parse(1, true, ", \"resnet_time_scale_shift\": \"scale_shift\"")));
        assertTrue(shift.getMessage().contains("resnet_time_scale_shift"), shift.getMessage());
        IllegalArgumentException act = assertThrows(IllegalArgumentException.class,
                () -> new UNet2DConditionModel(TinyUNets.parse(1, true, ", \"act_fn\": \"gelu\"")));
        assertTrue(act.getMessage().contains("act_fn"), act.getMessage());
    }

    @Test
    void downAndMidBlocksAreBuiltAloneWithTheUNetsNames() {
        UNetConfig config = TinyUNets.tiny(1);
        Map<String, Parameter> full = new UNet2DConditionModel(config).namedParameters();
        for (int i = 0; i < config.downPath().blocks(); i++) {
            DownBlock block = DownBlock.create(config, i);
            assertEquals(i == 0 ? CrossAttnDownBlock2D.class : DownBlock2D.class, block.getClass());
            for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
                assertEquals(full.get("down_blocks." + i + "." + e.getKey()).shape(), e.getValue().shape(), e.getKey());
            }
        }
        UNetMidBlock2DCrossAttn mid = new UNetMidBlock2DCrossAttn(config);
        long midCount = full.keySet().stream().filter(k -> k.startsWith("mid_block.")).count();
        assertEquals(midCount, mid.namedParameters().size());
        for (Map.Entry<String, Parameter> e : mid.namedParameters().entrySet()) {
            assertEquals(full.get("mid_block." + e.getKey()).shape(), e.getValue().shape(), e.getKey());
        }
    }
}

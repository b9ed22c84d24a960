package org.actionbench.engine.controlnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.actionbench.engine.config.ControlNetConfig;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.nn.FiniteDifferences;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.unet.Conditioning;
import org.actionbench.engine.unet.ControlResiduals;
import org.actionbench.engine.unet.UNet2DConditionModel;
import org.actionbench.engine.weights.StateDictLoader;
import org.actionbench.engine.weights.StateDictSaver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlNetModelTest {
    static final int CONTEXT_DIM = 16;
    static final int TOKENS = 3;

    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Two blocks [32, 64], one layer each: a cross-attention block with a downsampler, then a plain one. */
    static final String TINY_DOWN_PATH = "\"in_channels\": 4, \"block_out_channels\": [32, 64],"
            + " \"down_block_types\": [\"CrossAttnDownBlock2D\", \"DownBlock2D\"], \"layers_per_block\": 1,"
            + " \"attention_head_dim\": [2, 4], \"cross_attention_dim\": " + CONTEXT_DIM + ","
            + " \"norm_num_groups\": 8, \"use_linear_projection\": true";

    static UNetConfig tinyUNetConfig() throws Exception {
        return UNetConfig.parse("{\"_class_name\": \"UNet2DConditionModel\", " + TINY_DOWN_PATH
                + ", \"out_channels\": 4, \"sample_size\": 8,"
                + " \"up_block_types\": [\"UpBlock2D\", \"CrossAttnUpBlock2D\"]}");
    }

    /** The tiny down path with a small conditioning embedding ([4, 8]: latents are half the image size). */
    static ControlNetConfig tinyConfig(String order) throws Exception {
        return ControlNetConfig.parse("{\"_class_name\": \"ControlNetModel\", " + TINY_DOWN_PATH
                + ", \"conditioning_embedding_out_channels\": [4, 8],"
                + " \"controlnet_conditioning_channel_order\": \"" + order + "\"}");
    }

    static UNet2DConditionModel tinyUNet(long seed) throws Exception {
        UNet2DConditionModel unet = new UNet2DConditionModel(tinyUNetConfig());
        unet.initialize(manager, seed);
        return unet;
    }

    /** Every zero-initialised convolution (and the conditioning embedding's conv_out) set to random values. */
    static void randomiseZeroConvs(ControlNetModel net, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("controlnet_down_blocks.") || k.startsWith("controlnet_mid_block.")
                    || k.startsWith("controlnet_cond_embedding.conv_out.")) {
                Parameter p = e.getValue();
                float[] v = new float[(int) p.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (r.nextGaussian() * 0.3);
                }
                p.set(manager.create(v, p.shape()));
            }
        }
    }

    static NDArray random(NDManager m, Shape shape, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return m.create(v, shape);
    }

    static List<float[]> flatten(ControlResiduals r) {
        List<float[]> out = new ArrayList<>();
        for (NDArray d : r.down()) {
            out.add(d.toFloatArray());
        }
        out.add(r.mid().toFloatArray());
        return out;
    }

    @Test
    void keysAndShapesAreDiffusers() throws Exception {
        ControlNetModel net = new ControlNetModel(ControlNetConfig.fromUNet(tinyUNetConfig()));
        Map<String, Parameter> p = net.namedParameters();
        assertEquals(new Shape(32, 4, 3, 3), p.get("conv_in.weight").shape());
        assertEquals(new Shape(128, 32), p.get("time_embedding.linear_1.weight").shape());
        assertEquals(new Shape(128, 128), p.get("time_embedding.linear_2.weight").shape());
        assertEquals(new Shape(16, 3, 3, 3), p.get("controlnet_cond_embedding.conv_in.weight").shape());
        assertEquals(new Shape(16, 16, 3, 3), p.get("controlnet_cond_embedding.blocks.0.weight").shape());
        assertEquals(new Shape(32, 16, 3, 3), p.get("controlnet_cond_embedding.blocks.1.weight").shape());
        assertEquals(new Shape(256, 96, 3, 3), p.get("controlnet_cond_embedding.blocks.5.weight").shape());
        assertFalse(p.containsKey("controlnet_cond_embedding.blocks.6.weight"));
        assertEquals(new Shape(32, 256, 3, 3), p.get("controlnet_cond_embedding.conv_out.weight").shape());
        assertEquals(new Shape(32, 16), p.get("down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight").shape());
        assertEquals(new Shape(32, 32, 3, 3), p.get("down_blocks.0.downsamplers.0.conv.weight").shape());
        assertEquals(new Shape(64, 32, 1, 1), p.get("down_blocks.1.resnets.0.conv_shortcut.weight").shape());
        assertEquals(new Shape(64, 16), p.get("mid_block.attentions.0.transformer_blocks.0.attn2.to_v.weight").shape());
        // One zero conv per skip: conv_in, block 0's resnet and downsampler, block 1's resnet.
        assertEquals(new Shape(32, 32, 1, 1), p.get("controlnet_down_blocks.0.weight").shape());
        assertEquals(new Shape(32, 32, 1, 1), p.get("controlnet_down_blocks.2.weight").shape());
        assertEquals(new Shape(64, 64, 1, 1), p.get("controlnet_down_blocks.3.weight").shape());
        assertEquals(new Shape(64), p.get("controlnet_down_blocks.3.bias").shape());
        assertFalse(p.containsKey("controlnet_down_blocks.4.weight"));
        assertEquals(new Shape(64, 64, 1, 1), p.get("controlnet_mid_block.weight").shape());
        assertTrue(p.keySet().stream().noneMatch(k -> k.startsWith("up_blocks") || k.startsWith("conv_out")
                || k.startsWith("conv_norm_out")), "a ControlNet has no up path");
    }

    /**
     * SD 2.1-base's ControlNet from its UNet config, without allocating: the copied part has exactly the UNet's
     * parameters under the same keys; the rest is the conditioning embedding and 13 zero convolutions, counted
     * here from diffusers' layer list.
     */
    @Test
    void sd21BaseControlNetIsTheUNetDownPathPlusItsOwnLayers() throws Exception {
        UNet2DConditionModel unet = new UNet2DConditionModel(
                UNetConfig.read(Path.of("src/test/resources/config/sd21-base/unet/config.json")));
        ControlNetModel net = new ControlNetModel(ControlNetConfig.fromUNet(unet.config()));
        Map<String, Parameter> u = unet.namedParameters();
        Map<String, Parameter> c = net.namedParameters();
        long copied = 0;
        int copiedKeys = 0;
        for (Map.Entry<String, Parameter> e : u.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("conv_in.") || k.startsWith("time_embedding.") || k.startsWith("down_blocks.")
                    || k.startsWith("mid_block.")) {
                assertEquals(e.getValue().shape(), c.get(k).shape(), k);
                copied += e.getValue().size();
                copiedKeys++;
            }
        }
        // conv_in 3→16, blocks (16,16)(16,32)(32,32)(32,96)(96,96)(96,256), conv_out 256→320, all 3×3 with bias.
        long[][] convs = {{3, 16}, {16, 16}, {16, 32}, {32, 32}, {32, 96}, {96, 96}, {96, 256}, {256, 320}};
        long embedding = 0;
        for (long[] io : convs) {
            embedding += io[0] * io[1] * 9 + io[1];
        }
        // Skips: 320 (conv_in), 320×2 + 320, 640×2 + 640, 1280×2 + 1280, 1280×2; mid 1280. 1×1 convs with bias.
        long[] zeroConvChannels = {320, 320, 320, 320, 640, 640, 640, 1280, 1280, 1280, 1280, 1280, 1280};
        long zeros = 0;
        for (long ch : zeroConvChannels) {
            zeros += ch * ch + ch;
        }
        assertEquals(12, net.downResiduals());
        assertEquals(12, unet.skipCount());
        assertEquals(copied + embedding + zeros, net.parameterCount());
        assertEquals(copiedKeys + 2 * 8 + 2 * 13, c.size());
        assertEquals(7, net.crossAttentionLayers(), "6 down + 1 mid cross-attention layers");
    }

    @Test
    void freshZeroConvolutionsGiveExactlyZeroResidualsAndLeaveTheUNetUnchanged() throws Exception {
        UNet2DConditionModel unet = tinyUNet(1);
        // The default [16, 32, 96, 256] embedding: the conditioning image is 8× the latent size.
        ControlNetModel net = ControlNetModel.fromUNet(unet, manager, 2);
        try (NDManager step = manager.newSubManager()) {
            NDArray sample = random(step, new Shape(2, 4, 8, 8), 3, -1, 1);
            NDArray t = step.create(new float[] {10, 500});
            NDArray ctx = random(step, new Shape(2, TOKENS, CONTEXT_DIM), 4, -1, 1);
            NDArray image = random(step, new Shape(2, 3, 64, 64), 5, 0, 1);
            ControlResiduals r = net.forward(sample, t, Conditioning.shared(ctx), image, 1f);
            assertEquals(unet.skipCount(), r.down().size());
            for (float[] v : flatten(r)) {
                for (float x : v) {
                    assertEquals(0, Float.floatToIntBits(x), "residual must be +0.0 exactly");
                }
            }
            float[] plain = unet.forward(sample, t, Conditioning.shared(ctx)).toFloatArray();
            float[] controlled = unet.forward(sample, t, Conditioning.shared(ctx), r).toFloatArray();
            assertArrayEquals(plain, controlled);
        }
    }

    @Test
    void residualsHaveTheShapesOfTheUNetSkips() throws Exception {
        UNet2DConditionModel unet = tinyUNet(1);
        ControlNetModel net = new ControlNetModel(tinyConfig("rgb"));
        net.initialize(manager, 3);
        randomiseZeroConvs(net, 4);
        try (NDManager step = manager.newSubManager()) {
            NDArray ctx = random(step, new Shape(1, TOKENS, CONTEXT_DIM), 4, -1, 1);
            ControlResiduals r = net.forward(random(step, new Shape(1, 4, 8, 8), 1, -1, 1), step.create(7f),
                    Conditioning.shared(ctx), random(step, new Shape(1, 3, 16, 16), 2, 0, 1), 1f);
            List<Shape> expected = List.of(new Shape(1, 32, 8, 8), new Shape(1, 32, 8, 8), new Shape(1, 32, 4, 4),
                    new Shape(1, 64, 4, 4));
            assertEquals(expected, r.down().stream().map(NDArray::getShape).collect(Collectors.toList()));
            assertEquals(new Shape(1, 64, 4, 4), r.mid().getShape());
            assertEquals(unet.skipCount(), net.downResiduals());
            // Non-zero residuals change the UNet's prediction.
            NDArray sample = random(step, new Shape(1, 4, 8, 8), 1, -1, 1);
            float[] plain = unet.forward(sample, step.create(7f), Conditioning.shared(ctx)).toFloatArray();
            float[] controlled = unet.forward(sample, step.create(7f), Conditioning.shared(ctx), r).toFloatArray();
            assertFalse(java.util.Arrays.equals(plain, controlled));
        }
    }

    @Test
    void fromUNetCopiesTheDownPathAndMidBlock() throws Exception {
        UNet2DConditionModel unet = tinyUNet(11);
        ControlNetModel net = ControlNetModel.fromUNet(unet, manager, 12);
        assertEquals(ControlNetConfig.fromUNet(unet.config()), net.config());
        Map<String, Parameter> u = unet.namedParameters();
        TreeSet<String> expectedCopied = new TreeSet<>();
        for (String k : u.keySet()) {
            if (k.startsWith("conv_in.") || k.startsWith("time_embedding.") || k.startsWith("down_blocks.")
                    || k.startsWith("mid_block.")) {
                expectedCopied.add(k);
            }
        }
        TreeSet<String> copied = new TreeSet<>();
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            String k = e.getKey();
            float[] v = e.getValue().array().toFloatArray();
            if (u.containsKey(k)) {
                copied.add(k);
                assertArrayEquals(u.get(k).array().toFloatArray(), v, k);
                assertNotSame(u.get(k).array(), e.getValue().array(), "a copy, not the UNet's own array: " + k);
            } else if (k.startsWith("controlnet_down_blocks.") || k.startsWith("controlnet_mid_block.")
                    || k.startsWith("controlnet_cond_embedding.conv_out.")) {
                for (float x : v) {
                    assertEquals(0f, x, k + " starts at zero");
                }
            }
        }
        assertEquals(expectedCopied, copied);
        float[] condIn = net.namedParameters().get("controlnet_cond_embedding.conv_in.weight").array().toFloatArray();
        assertTrue(java.util.stream.IntStream.range(0, condIn.length).anyMatch(i -> condIn[i] != 0f),
                "the conditioning embedding is initialised randomly");
        // Training the ControlNet must not move the UNet.
        Parameter w = net.namedParameters().get("down_blocks.0.resnets.0.conv1.weight");
        float[] before = u.get("down_blocks.0.resnets.0.conv1.weight").array().toFloatArray();
        w.set(manager.zeros(w.shape()));
        assertArrayEquals(before, u.get("down_blocks.0.resnets.0.conv1.weight").array().toFloatArray());
    }

    @Test
    void conditioningScaleMultipliesEveryResidual() throws Exception {
        ControlNetModel net = new ControlNetModel(tinyConfig("rgb"));
        net.initialize(manager, 21);
        randomiseZeroConvs(net, 22);
        try (NDManager step = manager.newSubManager()) {
            NDArray sample = random(step, new Shape(1, 4, 8, 8), 1, -1, 1);
            NDArray ctx = random(step, new Shape(1, TOKENS, CONTEXT_DIM), 2, -1, 1);
            NDArray image = random(step, new Shape(1, 3, 16, 16), 3, 0, 1);
            List<float[]> one = flatten(net.forward(sample, step.create(3f), Conditioning.shared(ctx), image, 1f));
            List<float[]> scaled = flatten(net.forward(sample, step.create(3f), Conditioning.shared(ctx), image, 0.4f));
            for (int i = 0; i < one.size(); i++) {
                for (int j = 0; j < one.get(i).length; j++) {
                    assertEquals(one.get(i)[j] * 0.4f, scaled.get(i)[j], 1e-6f * (1 + Math.abs(one.get(i)[j])));
                }
            }
        }
    }

    @Test
    void bgrOrderFlipsTheImageChannels() throws Exception {
        ControlNetModel rgb = new ControlNetModel(tinyConfig("rgb"));
        rgb.initialize(manager, 31);
        randomiseZeroConvs(rgb, 32);
        ControlNetModel bgr = new ControlNetModel(tinyConfig("bgr"));
        for (Map.Entry<String, Parameter> e : rgb.namedParameters().entrySet()) {
            bgr.namedParameters().get(e.getKey()).set(e.getValue().array().duplicate());
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray sample = random(step, new Shape(1, 4, 8, 8), 1, -1, 1);
            Conditioning ctx = Conditioning.shared(random(step, new Shape(1, TOKENS, CONTEXT_DIM), 2, -1, 1));
            float[] img = random(step, new Shape(1, 3, 16, 16), 3, 0, 1).toFloatArray();
            float[] swapped = new float[img.length];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(img, c * 256, swapped, (2 - c) * 256, 256);
            }
            List<float[]> a = flatten(rgb.forward(sample, step.create(3f), ctx, step.create(img, new Shape(1, 3, 16, 16)), 1f));
            List<float[]> b = flatten(bgr.forward(sample, step.create(3f), ctx, step.create(swapped, new Shape(1, 3, 16, 16)), 1f));
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i));
            }
        }
    }

    @Test
    void perLayerContextsAreReadInTheUNetsLayerOrder() throws Exception {
        UNet2DConditionModel unet = tinyUNet(41);
        ControlNetModel net = new ControlNetModel(tinyConfig("rgb"));
        net.initialize(manager, 42);
        randomiseZeroConvs(net, 43);
        try (NDManager step = manager.newSubManager()) {
            NDArray sample = random(step, new Shape(1, 4, 8, 8), 1, -1, 1);
            NDArray image = random(step, new Shape(1, 3, 16, 16), 2, 0, 1);
            NDArray ctx = random(step, new Shape(1, TOKENS, CONTEXT_DIM), 3, -1, 1);
            // The ControlNet's layers are the UNet's first ones (1 down + 1 mid); the up layers' entries must
            // not matter, the down and mid entries must.
            int layers = unet.crossAttentionLayers();
            assertEquals(2, net.crossAttentionLayers());
            List<NDArray> perLayer = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                perLayer.add(i < 2 ? ctx : random(step, new Shape(1, TOKENS, CONTEXT_DIM), 100 + i, -5, 5));
            }
            List<float[]> shared = flatten(net.forward(sample, step.create(9f), Conditioning.shared(ctx), image, 1f));
            List<float[]> listed = flatten(net.forward(sample, step.create(9f), Conditioning.perLayer(perLayer), image, 1f));
            for (int i = 0; i < shared.size(); i++) {
                assertArrayEquals(shared.get(i), listed.get(i));
            }
            perLayer.set(1, random(step, new Shape(1, TOKENS, CONTEXT_DIM), 7, -1, 1));
            float[] midChanged = net.forward(sample, step.create(9f), Conditioning.perLayer(perLayer), image, 1f)
                    .mid().toFloatArray();
            assertFalse(java.util.Arrays.equals(shared.get(shared.size() - 1), midChanged), "layer 1 is the mid block's");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(sample, step.create(9f), Conditioning.perLayer(List.of(ctx)), image, 1f));
            assertTrue(e.getMessage().contains("per-layer conditioning has 1 contexts"), e.getMessage());
        }
    }

    @Test
    void conditioningImageOfTheWrongSizeIsRejected() throws Exception {
        ControlNetModel net = new ControlNetModel(tinyConfig("rgb"));
        net.initialize(manager, 1);
        try (NDManager step = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(
                    step.zeros(new Shape(1, 4, 8, 8)), step.create(1f),
                    Conditioning.shared(step.zeros(new Shape(1, TOKENS, CONTEXT_DIM))),
                    step.zeros(new Shape(1, 3, 64, 64)), 1f));
            assertTrue(e.getMessage().contains("must be [1, 3, 16, 16]"), e.getMessage());
        }
    }

    @Test
    void gradientWithRespectToTheConditioningImageMatchesFiniteDifferences() throws Exception {
        ControlNetModel net = new ControlNetModel(tinyConfig("rgb"));
        net.initialize(manager, 51);
        randomiseZeroConvs(net, 52);
        Shape imageShape = new Shape(1, 3, 16, 16);
        float[] image;
        try (NDManager m = manager.newSubManager()) {
            image = random(m, imageShape, 53, 0, 1).toFloatArray();
        }
        float[] grad;
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(image, imageShape);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss(net, step, x));
            }
            grad = x.getGradient().toFloatArray();
        }
        SplittableRandom pick = new SplittableRandom(54);
        int[] pixels = new int[8];
        for (int n = 0; n < pixels.length; n++) {
            pixels[n] = pick.nextInt(image.length);
        }
        FiniteDifferences.assertGradient(grad, image, pixels, 0.1, values -> {
            try (NDManager step = manager.newSubManager()) {
                NDArray[] rw = weightedResiduals(net, step, step.create(values, imageShape));
                return FiniteDifferences.Evaluation.weightedSum(rw[0].toFloatArray(), rw[1].toFloatArray());
            }
        }, "pixel");
    }

    /** A fixed random weighting of every residual, summed, at conditioning scale 0.7. */
    private static NDArray loss(ControlNetModel net, NDManager m, NDArray image) {
        NDArray[] rw = weightedResiduals(net, m, image);
        return rw[0].mul(rw[1]).sum();
    }

    /** {every residual flattened into one vector, a fixed random weight for each}. */
    private static NDArray[] weightedResiduals(ControlNetModel net, NDManager m, NDArray image) {
        NDArray sample = random(m, new Shape(1, 4, 8, 8), 61, -1, 1);
        NDArray ctx = random(m, new Shape(1, TOKENS, CONTEXT_DIM), 62, -1, 1);
        ControlResiduals r = net.forward(sample, m.create(new float[] {250f}), Conditioning.shared(ctx), image, 0.7f);
        List<NDArray> all = new ArrayList<>(r.down());
        all.add(r.mid());
        NDList residuals = new NDList();
        NDList weights = new NDList();
        for (int i = 0; i < all.size(); i++) {
            residuals.add(all.get(i).flatten());
            weights.add(random(m, all.get(i).getShape(), 70 + i, -1, 1).flatten());
        }
        return new NDArray[] {NDArrays.concat(residuals), NDArrays.concat(weights)};
    }

    @Test
    void saveAndLoadRoundTripGivesIdenticalResiduals(@TempDir Path dir) throws Exception {
        ControlNetModel saved = new ControlNetModel(tinyConfig("rgb"));
        saved.initialize(manager, 81);
        randomiseZeroConvs(saved, 82);
        Path file = dir.resolve("diffusion_pytorch_model.safetensors");
        StateDictSaver.save(saved, file);
        ControlNetModel loaded = new ControlNetModel(tinyConfig("rgb"));
        StateDictLoader.load(loaded, manager, file);
        try (NDManager step = manager.newSubManager()) {
            NDArray sample = random(step, new Shape(2, 4, 8, 8), 1, -1, 1);
            Conditioning ctx = Conditioning.shared(random(step, new Shape(2, TOKENS, CONTEXT_DIM), 2, -1, 1));
            NDArray image = random(step, new Shape(2, 3, 16, 16), 3, 0, 1);
            NDArray t = step.create(new float[] {1, 999});
            List<float[]> a = flatten(saved.forward(sample, t, ctx, image, 0.9f));
            List<float[]> b = flatten(loaded.forward(sample, t, ctx, image, 0.9f));
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i));
            }
        }
    }
}

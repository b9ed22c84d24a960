package org.actionbench.engine.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.actionbench.engine.TestWeights;
import org.actionbench.engine.config.VaeConfig;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.weights.DType;
import org.actionbench.engine.weights.KeyMapping;
import org.actionbench.engine.weights.SafetensorsWriter;
import org.actionbench.engine.weights.StateDictLoader;
import org.actionbench.engine.weights.StateDictMismatchException;
import org.actionbench.engine.weights.StateDictSaver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoencoderKLTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** block_out_channels [32, 64], one resnet per encoder block, 8 groups, 4 latent channels. */
    static VaeConfig tinyConfig() throws Exception {
        return config("[32, 64]", 8);
    }

    static VaeConfig config(String channels, int groups) throws Exception {
        int blocks = channels.split(",").length;
        String down = String.join(", ", java.util.Collections.nCopies(blocks, "\"DownEncoderBlock2D\""));
        String up = String.join(", ", java.util.Collections.nCopies(blocks, "\"UpDecoderBlock2D\""));
        return VaeConfig.parse("{\"_class_name\": \"AutoencoderKL\", \"block_out_channels\": " + channels
                + ", \"down_block_types\": [" + down + "], \"up_block_types\": [" + up + "],"
                + " \"layers_per_block\": 1, \"norm_num_groups\": " + groups + ", \"latent_channels\": 4,"
                + " \"sample_size\": 16}");
    }

    /** Random weights, with group-norm affine parameters away from (1, 0) so the reference checks them. */
    static AutoencoderKL tinyModel(long seed) throws Exception {
        AutoencoderKL model = new AutoencoderKL(tinyConfig());
        model.initialize(manager, seed);
        TestWeights.perturbNorms(model, manager, seed + 1, 0.2);
        return model;
    }

    static NDArray images(NDManager m, int batch, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[batch * 3 * size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return m.create(v, new Shape(batch, 3, size, size));
    }

    @Test
    void keysAndShapesAreDiffusers() throws Exception {
        Map<String, Parameter> p = new AutoencoderKL(tinyConfig()).namedParameters();
        assertEquals(new Shape(32, 3, 3, 3), p.get("encoder.conv_in.weight").shape());
        assertEquals(new Shape(32, 32, 3, 3), p.get("encoder.down_blocks.0.downsamplers.0.conv.weight").shape());
        assertFalse(p.containsKey("encoder.down_blocks.1.downsamplers.0.conv.weight"), "last block keeps its size");
        assertEquals(new Shape(64, 32, 1, 1), p.get("encoder.down_blocks.1.resnets.0.conv_shortcut.weight").shape());
        assertFalse(p.containsKey("encoder.down_blocks.0.resnets.0.conv_shortcut.weight"));
        assertEquals(new Shape(64), p.get("encoder.mid_block.attentions.0.group_norm.weight").shape());
        assertEquals(new Shape(64, 64), p.get("encoder.mid_block.attentions.0.to_q.weight").shape());
        assertEquals(new Shape(64), p.get("encoder.mid_block.attentions.0.to_v.bias").shape());
        assertEquals(new Shape(64), p.get("encoder.mid_block.attentions.0.to_out.0.bias").shape());
        assertEquals(new Shape(64, 64, 3, 3), p.get("encoder.mid_block.resnets.1.conv2.weight").shape());
        assertEquals(new Shape(64), p.get("encoder.conv_norm_out.bias").shape());
        assertEquals(new Shape(8, 64, 3, 3), p.get("encoder.conv_out.weight").shape());
        assertEquals(new Shape(8, 8, 1, 1), p.get("quant_conv.weight").shape());
        assertEquals(new Shape(4, 4, 1, 1), p.get("post_quant_conv.weight").shape());
        assertEquals(new Shape(64, 4, 3, 3), p.get("decoder.conv_in.weight").shape());
        assertEquals(new Shape(64, 64), p.get("decoder.mid_block.attentions.0.to_k.weight").shape());
        // The decoder's blocks have layers_per_block + 1 resnets.
        assertTrue(p.containsKey("decoder.up_blocks.0.resnets.1.conv1.weight"));
        assertFalse(p.containsKey("decoder.up_blocks.0.resnets.2.conv1.weight"));
        assertEquals(new Shape(64, 64, 3, 3), p.get("decoder.up_blocks.0.upsamplers.0.conv.weight").shape());
        assertFalse(p.containsKey("decoder.up_blocks.1.upsamplers.0.conv.weight"));
        assertEquals(new Shape(32, 64, 1, 1), p.get("decoder.up_blocks.1.resnets.0.conv_shortcut.weight").shape());
        assertEquals(new Shape(32), p.get("decoder.conv_norm_out.weight").shape());
        assertEquals(new Shape(3, 32, 3, 3), p.get("decoder.conv_out.weight").shape());
    }

    /**
     * Published figure: the VAE of Stable Diffusion 1.x/2.x has 83,653,863 parameters in 248 tensors (one
     * architecture; SD 2.1-base's config only changes sample_size). Public sources checked: parameter tables
     * listing "VAE: 83,653,863 (~83.65M)" beside the SD2 UNet and text encoder, and a tensor-by-tensor
     * verification of stable-diffusion-2-base's {@code vae/diffusion_pytorch_model.safetensors} reporting
     * 248 / 248 tensors and 83,653,863 float32 values. Built from the config alone: nothing is allocated.
     */
    @Test
    void sd21BaseVaeHasThePublishedParameterCount() throws Exception {
        AutoencoderKL vae = new AutoencoderKL(VaeConfig.read(Path.of("src/test/resources/config/sd21-base/vae/config.json")));
        assertEquals(83_653_863L, vae.parameterCount());
        assertEquals(248, vae.namedParameters().size());
        assertTrue(vae.namedParameters().values().stream().noneMatch(Parameter::isSet));
        Map<String, Parameter> p = vae.namedParameters();
        assertEquals(new Shape(512, 512), p.get("decoder.mid_block.attentions.0.to_q.weight").shape());
        assertEquals(new Shape(128, 256, 1, 1), p.get("decoder.up_blocks.3.resnets.0.conv_shortcut.weight").shape());
        assertEquals(new Shape(512, 512, 3, 3), p.get("encoder.down_blocks.2.downsamplers.0.conv.weight").shape());
        assertEquals(0.18215f, vae.scalingFactor());
    }

    @Test
    void midBlockWithoutAttentionHasNoAttentionKeys() throws Exception {
        VaeConfig c = tinyConfig();
        VaeConfig noAttention = new VaeConfig(c.className(), c.diffusersVersion(), c.inChannels(), c.outChannels(),
                c.downBlockTypes(), c.upBlockTypes(), c.blockOutChannels(), c.layersPerBlock(), c.actFn(),
                c.latentChannels(), c.normNumGroups(), c.sampleSize(), c.scalingFactor(), c.shiftFactor(),
                c.forceUpcast(), c.useQuantConv(), c.usePostQuantConv(), false);
        AutoencoderKL vae = new AutoencoderKL(noAttention);
        assertTrue(vae.namedParameters().keySet().stream().noneMatch(k -> k.contains("attentions")));
        assertNull(vae.encoder().midBlock().attention());
        long attentionParams = 2 * (2 * 64 + 4 * (64 * 64 + 64));
        assertEquals(new AutoencoderKL(c).parameterCount() - attentionParams, vae.parameterCount());
    }

    @Test
    void unsupportedBlockTypesAreRejected() throws Exception {
        VaeConfig c = VaeConfig.parse("{\"block_out_channels\": [32], \"down_block_types\": [\"AttnDownEncoderBlock2D\"],"
                + " \"up_block_types\": [\"UpDecoderBlock2D\"], \"norm_num_groups\": 8}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AutoencoderKL(c));
        assertTrue(e.getMessage().contains("down_block_types") && e.getMessage().contains("AttnDownEncoderBlock2D"),
                e.getMessage());
    }

    @Test
    void encodeAndDecodeShapesFollowTheBlockCount() throws Exception {
        AutoencoderKL two = tinyModel(3);
        try (NDManager step = manager.newSubManager()) {
            LatentDistribution d = two.encode(images(step, 2, 16, 1));
            assertEquals(new Shape(2, 4, 8, 8), d.mean().getShape());
            assertEquals(new Shape(2, 4, 8, 8), d.logvar().getShape());
            assertEquals(new Shape(2, 3, 16, 16), two.decode(d.mean()).getShape());
        }
        AutoencoderKL three = new AutoencoderKL(config("[8, 16, 16]", 4));
        three.initialize(manager, 5);
        assertEquals(4, three.config().downsampleFactor());
        try (NDManager step = manager.newSubManager()) {
            LatentDistribution d = three.encode(images(step, 1, 16, 2));
            assertEquals(new Shape(1, 4, 4, 4), d.mean().getShape());
            assertEquals(new Shape(1, 3, 16, 16), three.decode(d.sample(1)).getShape());
            // Non-square input: the asymmetric padding halves each side separately.
            float[] rect = new float[3 * 8 * 24];
            assertEquals(new Shape(1, 4, 2, 6),
                    three.encode(step.create(rect, new Shape(1, 3, 8, 24))).mean().getShape());
        }
    }

    @Test
    void wrongInputShapeIsRejected() throws Exception {
        AutoencoderKL vae = tinyModel(3);
        try (NDManager step = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> vae.decode(step.zeros(new Shape(1, 3, 4, 4))));
            assertTrue(e.getMessage().contains("latents must be [B, 4, H, W]"), e.getMessage());
        }
    }

    @Test
    void samplingIsSeededAndIsMeanPlusStdTimesJavaGaussians() throws Exception {
        AutoencoderKL vae = tinyModel(4);
        try (NDManager step = manager.newSubManager()) {
            LatentDistribution d = vae.encode(images(step, 1, 16, 9));
            float[] a = d.sample(7).toFloatArray();
            float[] b = d.sample(7).toFloatArray();
            float[] c = d.sample(8).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]), "same seed, element " + i);
            }
            assertFalse(java.util.Arrays.equals(a, c), "another seed draws other noise");
            float[] mean = d.mean().toFloatArray();
            float[] logvar = d.logvar().toFloatArray();
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < a.length; i++) {
                double expected = mean[i] + Math.exp(0.5 * logvar[i]) * (float) r.nextGaussian();
                assertEquals(expected, a[i], 1e-5 * (1 + Math.abs(expected)), "element " + i);
            }
        }
    }

    @Test
    void meanAndClampedLogvarAreTheTwoHalvesOfTheMoments() throws Exception {
        AutoencoderKL vae = tinyModel(6);
        // quant_conv with zero weights outputs its bias everywhere: known moments, two beyond the clamp.
        float[] bias = {0.5f, -0.25f, 1f, 2f, 100f, -100f, 3f, -1.5f};
        Parameter w = vae.namedParameters().get("quant_conv.weight");
        w.set(manager.zeros(w.shape()));
        vae.namedParameters().get("quant_conv.bias").set(manager.create(bias));
        float[] expectedLogvar = {20f, -30f, 3f, -1.5f};
        try (NDManager step = manager.newSubManager()) {
            LatentDistribution d = vae.encode(images(step, 2, 16, 3));
            float[] mean = d.mean().toFloatArray();
            float[] logvar = d.logvar().toFloatArray();
            float[] std = d.std().toFloatArray();
            int plane = 8 * 8;
            for (int i = 0; i < mean.length; i++) {
                int c = (i / plane) % 4;
                assertEquals(bias[c], mean[i]);
                assertEquals(expectedLogvar[c], logvar[i]);
                assertEquals(Math.exp(expectedLogvar[c] / 2), std[i], 1e-6 * Math.exp(expectedLogvar[c] / 2));
            }
        }
    }

    @Test
    void scaledLatentsAndImagesUseTheScalingFactor() throws Exception {
        AutoencoderKL vae = tinyModel(8);
        assertEquals(0.18215f, vae.scalingFactor());
        try (NDManager step = manager.newSubManager()) {
            NDArray x = images(step, 1, 16, 4);
            float[] z = vae.encode(x).sample(new SplittableRandom(11)).toFloatArray();
            float[] scaled = vae.toLatents(x, new SplittableRandom(11)).toFloatArray();
            for (int i = 0; i < z.length; i++) {
                assertEquals(z[i] * 0.18215f, scaled[i], 1e-6f * (1 + Math.abs(scaled[i])));
            }
            NDArray latents = step.create(scaled, new Shape(1, 4, 8, 8));
            float[] unscaled = new float[scaled.length];
            for (int i = 0; i < scaled.length; i++) {
                unscaled[i] = scaled[i] / 0.18215f;
            }
            assertArrayEquals(vae.decode(step.create(unscaled, new Shape(1, 4, 8, 8))).toFloatArray(),
                    vae.toImages(latents).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void midBlockAttentionMatchesPlainJavaReference() throws Exception {
        AutoencoderKL vae = tinyModel(12);
        org.actionbench.engine.blocks.Attention attention = vae.encoder().midBlock().attention();
        int c = 64;
        int h = 2;
        int w = 3;
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[2 * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 1.5 + 0.3);
        }
        Map<String, Parameter> p = vae.namedParameters();
        String pre = "encoder.mid_block.attentions.0.";
        try (NDManager step = manager.newSubManager()) {
            float[] got = attention.forward(step.create(x, new Shape(2, c, h, w))).toFloatArray();
            for (int b = 0; b < 2; b++) {
                double[] expected = referenceAttention(p, pre, x, b, c, h * w, 8);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], got[b * c * h * w + i], 2e-4 * (1 + Math.abs(expected[i])),
                            "batch " + b + " index " + i);
                }
            }
        }
    }

    /**
     * diffusers' VAE attention written out in doubles: group norm (eps 1e-6) over [C, N], one head of all C
     * channels, softmax(q·kᵀ / sqrt(C)) v, output projection, plus the input. Returns [C, N] of batch b.
     */
    static double[] referenceAttention(Map<String, Parameter> p, String pre, float[] x, int b, int c, int n,
            int groups) {
        double[] in = new double[c * n];
        for (int i = 0; i < in.length; i++) {
            in[i] = x[b * c * n + i];
        }
        double[] gamma = doubles(p, pre + "group_norm.weight");
        double[] beta = doubles(p, pre + "group_norm.bias");
        int per = c / groups;
        double[][] tokens = new double[n][c];
        for (int g = 0; g < groups; g++) {
            double mean = 0;
            for (int ch = g * per; ch < (g + 1) * per; ch++) {
                for (int t = 0; t < n; t++) {
                    mean += in[ch * n + t];
                }
            }
            mean /= per * n;
            double var = 0;
            for (int ch = g * per; ch < (g + 1) * per; ch++) {
                for (int t = 0; t < n; t++) {
                    var += Math.pow(in[ch * n + t] - mean, 2);
                }
            }
            var /= per * n;
            for (int ch = g * per; ch < (g + 1) * per; ch++) {
                for (int t = 0; t < n; t++) {
                    tokens[t][ch] = (in[ch * n + t] - mean) / Math.sqrt(var + 1e-6) * gamma[ch] + beta[ch];
                }
            }
        }
        double[][] q = linear(tokens, p, pre + "to_q");
        double[][] k = linear(tokens, p, pre + "to_k");
        double[][] v = linear(tokens, p, pre + "to_v");
        double[][] att = new double[n][c];
        for (int i = 0; i < n; i++) {
            double[] s = new double[n];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                for (int d = 0; d < c; d++) {
                    s[j] += q[i][d] * k[j][d];
                }
                s[j] /= Math.sqrt(c);
                max = Math.max(max, s[j]);
            }
            double z = 0;
            for (int j = 0; j < n; j++) {
                s[j] = Math.exp(s[j] - max);
                z += s[j];
            }
            for (int j = 0; j < n; j++) {
                for (int d = 0; d < c; d++) {
                    att[i][d] += s[j] / z * v[j][d];
                }
            }
        }
        double[][] out = linear(att, p, pre + "to_out.0");
        double[] result = new double[c * n];
        for (int ch = 0; ch < c; ch++) {
            for (int t = 0; t < n; t++) {
                result[ch * n + t] = out[t][ch] + in[ch * n + t];
            }
        }
        return result;
    }

    static double[][] linear(double[][] x, Map<String, Parameter> p, String prefix) {
        double[] w = doubles(p, prefix + ".weight");
        double[] bias = doubles(p, prefix + ".bias");
        int in = x[0].length;
        int out = bias.length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double s = bias[o];
                for (int i = 0; i < in; i++) {
                    s += w[o * in + i] * x[t][i];
                }
                y[t][o] = s;
            }
        }
        return y;
    }

    static double[] doubles(Map<String, Parameter> p, String key) {
        float[] f = p.get(key).array().toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void checkpointWithLegacyAttentionNamesLoadsThroughTheMapping(@TempDir Path dir) throws Exception {
        AutoencoderKL saved = tinyModel(21);
        // As diffusers < 0.14 saved it (SD 2.1-base as published): query/key/value/proj_attn.
        SafetensorsWriter.Builder b = SafetensorsWriter.builder().metadata("format", "pt");
        int renamed = 0;
        for (Map.Entry<String, Parameter> e : saved.namedParameters().entrySet()) {
            String key = e.getKey()
                    .replace(".attentions.0.to_q.", ".attentions.0.query.")
                    .replace(".attentions.0.to_k.", ".attentions.0.key.")
                    .replace(".attentions.0.to_v.", ".attentions.0.value.")
                    .replace(".attentions.0.to_out.0.", ".attentions.0.proj_attn.");
            renamed += key.equals(e.getKey()) ? 0 : 1;
            b.addFloats(key, DType.F32, e.getValue().shape().getShape(), e.getValue().array().toFloatArray());
        }
        assertEquals(16, renamed, "4 linears × (weight, bias) × (encoder, decoder)");
        Path file = dir.resolve("diffusion_pytorch_model.safetensors");
        b.write(file);

        AutoencoderKL loaded = new AutoencoderKL(tinyConfig());
        StateDictLoader.load(loaded, manager, file);
        try (NDManager step = manager.newSubManager()) {
            NDArray x = images(step, 1, 16, 8);
            assertArrayEquals(saved.encode(x).mean().toFloatArray(), loaded.encode(x).mean().toFloatArray());
            NDArray z = saved.encode(x).mean();
            assertArrayEquals(saved.decode(z).toFloatArray(), loaded.decode(z).toFloatArray());
        }

        AutoencoderKL strict = new AutoencoderKL(tinyConfig());
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                () -> StateDictLoader.load(strict, manager, KeyMapping.none(), List.of(file)));
        assertTrue(e.getMessage().contains("unexpected key 'encoder.mid_block.attentions.0.query.weight'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("missing key 'decoder.mid_block.attentions.0.to_out.0.bias'"),
                e.getMessage());
    }

    @Test
    void saveAndLoadRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        AutoencoderKL saved = tinyModel(31);
        Path file = dir.resolve("vae.safetensors");
        StateDictSaver.save(saved, file);
        AutoencoderKL loaded = new AutoencoderKL(tinyConfig());
        StateDictLoader.load(loaded, manager, file);
        try (NDManager step = manager.newSubManager()) {
            NDArray x = images(step, 2, 16, 13);
            LatentDistribution a = saved.encode(x);
            LatentDistribution c = loaded.encode(x);
            assertArrayEquals(a.mean().toFloatArray(), c.mean().toFloatArray());
            assertArrayEquals(a.logvar().toFloatArray(), c.logvar().toFloatArray());
            assertArrayEquals(saved.toImages(a.sample(3)).toFloatArray(), loaded.toImages(c.sample(3)).toFloatArray());
        }
    }
}

package org.actionbench.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.actionbench.engine.controlnet.ControlNetModel;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.unet.Conditioning;
import org.actionbench.engine.unet.ControlResiduals;
import org.actionbench.engine.vae.LatentDistribution;
import org.actionbench.engine.weights.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float16 path of every component on the CPU (libtorch 2.7 has CPU half kernels for every op the models use:
 * linear, conv2d, layer norm, softmax, sigmoid, gelu, matmul, exp, cumprod), against the same weights in float32.
 * The user-facing run refuses fp16 on the CPU; this reaches it through {@link StableDiffusion#usePrecisions}.
 *
 * <p>Tolerance, from float16 error analysis (unit roundoff u = 2⁻¹¹): a layer with parameters rounds its weights,
 * its output and at most one intermediate (attention scores and probabilities, an activation) to float16, each a
 * relative perturbation of at most u. Normalisations keep every layer's gain near one, so to first order the
 * relative errors of successive roundings add: a network with L parameter-holding layers is within 3·L·u in
 * relative L2 norm (a worst case: it counts every layer as if on one path, and errors of independent roundings
 * mostly cancel). The measured errors are printed; a wrong cast, an input left in float32, a mask overflowing to
 * −∞ in the wrong place or a NaN are errors of order one, far outside it.
 */
class HalfPrecisionTest {
    static final double UNIT_ROUNDOFF = Math.pow(2, -11);
    static Path snapshot;
    static StableDiffusion full;
    static StableDiffusion half;

    @BeforeAll
    static void build(@TempDir Path dir) throws Exception {
        snapshot = dir.resolve("tiny");
        try (StableDiffusion built = TinyStableDiffusion.build(21, 16, 32)) {
            built.save(snapshot, DType.F32);
        }
        full = StableDiffusion.load(snapshot);
        half = StableDiffusion.load(snapshot);
        half.usePrecisions(half.halfExcept(Set.of()));
    }

    @AfterAll
    static void close() {
        full.close();
        half.close();
    }

    static double tolerance(Module... modules) {
        int l = 0;
        for (Module m : modules) {
            l += m.layerCount();
        }
        return 3.0 * l * UNIT_ROUNDOFF;
    }

    static double relativeError(NDArray approx, NDArray exact) {
        assertEquals(DataType.FLOAT32, approx.getDataType(), "a component's output leaves it as float32");
        float[] a = approx.toFloatArray();
        float[] e = exact.toFloatArray();
        assertEquals(e.length, a.length);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(Float.isFinite(a[i]), "non-finite value at " + i);
            diff += (a[i] - (double) e[i]) * (a[i] - (double) e[i]);
            norm += (double) e[i] * e[i];
        }
        return Math.sqrt(diff / norm);
    }

    static void assertClose(String what, NDArray approx, NDArray exact, double tolerance) {
        double error = relativeError(approx, exact);
        System.out.printf("%s: relative L2 error %.3g, tolerance %.3g%n", what, error, tolerance);
        assertTrue(error <= tolerance, what + ": relative error " + error + " exceeds " + tolerance);
        assertTrue(error > 0, what + ": identical to float32, so half precision did not run");
    }

    @Test
    void everyFrozenComponentIsHalfAndEveryParameterWithIt() {
        for (ModelComponent c : List.of(ModelComponent.TEXT_ENCODER, ModelComponent.UNET, ModelComponent.VAE)) {
            Module m = half.component(c).orElseThrow();
            assertEquals(DataType.FLOAT16, m.dataType(), c.id());
            for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
                assertEquals(DataType.FLOAT16, e.getValue().array().getDataType(), e.getKey());
            }
        }
        assertEquals("text_encoder fp16, unet fp16, vae fp16", ModelComponent.describe(half.precisions()));
        assertEquals("text_encoder fp32, unet fp32, vae fp32", ModelComponent.describe(full.precisions()));
    }

    @Test
    void textEncoderInHalfMatchesFloat32() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            List<String> prompts = List.of("a photo of a man raising one arm", "a panda");
            NDArray exact = full.promptEncoder().encode(m, prompts);
            NDArray approx = half.promptEncoder().encode(m, prompts);
            assertClose("text encoder", approx, exact, tolerance(full.promptEncoder().textModel()));
        }
    }

    @Test
    void unetInHalfMatchesFloat32ForSharedAndPerLayerContexts() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray sample = Seeds.gaussian(m, new Shape(2, 4, 8, 8), new SplittableRandom(3));
            NDArray timesteps = m.create(new long[] {10, 900});
            NDArray context = full.promptEncoder().encode(m, List.of("a man", "a panda"));
            double tolerance = tolerance(full.unet());
            assertClose("unet", half.unet().forward(sample, timesteps, context),
                    full.unet().forward(sample, timesteps, context), tolerance);
            List<NDArray> perLayer = new ArrayList<>();
            for (int l = 0; l < full.unet().crossAttentionLayers(); l++) {
                perLayer.add(Seeds.gaussian(m, context.getShape(), new SplittableRandom(100 + l)));
            }
            Conditioning layered = Conditioning.perLayer(perLayer);
            assertClose("unet, per-layer contexts", half.unet().forward(sample, timesteps, layered),
                    full.unet().forward(sample, timesteps, layered), tolerance);
        }
    }

    @Test
    void vaeInHalfMatchesFloat32BothWays() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray latents = Seeds.gaussian(m, new Shape(1, 4, 8, 8), new SplittableRandom(4));
            double tolerance = tolerance(full.vae());
            assertClose("vae decode", half.vae().decode(latents), full.vae().decode(latents), tolerance);
            NDArray images = Seeds.gaussian(m, new Shape(1, 3, 16, 16), new SplittableRandom(5)).clip(-1, 1);
            LatentDistribution approx = half.vae().encode(images);
            LatentDistribution exact = full.vae().encode(images);
            // std = exp(logvar / 2) adds one rounding of relative size u/2·|logvar|, inside the bound's slack
            double encoder = tolerance(full.vae());
            assertClose("vae encode, mean", approx.mean(), exact.mean(), encoder);
            assertClose("vae encode, std", approx.std(), exact.std(), encoder);
        }
    }

    @Test
    void controlNetInHalfFeedsAHalfUNet() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ControlNetModel exactNet = ControlNetModel.fromUNet(full.unet(), m, 9);
            ControlNetModel halfNet = ControlNetModel.fromUNet(full.unet(), m, 9);
            // from_unet's zero convolutions would make every residual 0 in both precisions: give them values
            for (ControlNetModel net : List.of(exactNet, halfNet)) {
                for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                    if (e.getKey().startsWith("controlnet_")) {
                        e.getValue().set(Seeds.gaussian(m, e.getValue().shape(),
                                new SplittableRandom(e.getKey().hashCode())).mul(0.1f));
                    }
                }
            }
            halfNet.toPrecision(DataType.FLOAT16);
            NDArray sample = Seeds.gaussian(m, new Shape(1, 4, 8, 8), new SplittableRandom(6));
            NDArray timesteps = m.create(new long[] {500});
            Conditioning context = Conditioning.shared(full.promptEncoder().encode(m, List.of("a man")));
            NDArray image = Seeds.gaussian(m, new Shape(1, 3, 64, 64), new SplittableRandom(7)).clip(0, 1);
            ControlResiduals exact = exactNet.forward(sample, timesteps, context, image, 1f);
            ControlResiduals approx = halfNet.forward(sample, timesteps, context, image, 1f);
            double tolerance = tolerance(exactNet);
            assertClose("controlnet, mid residual", approx.mid(), exact.mid(), tolerance);
            for (int i = 0; i < exact.down().size(); i++) {
                double error = relativeError(approx.down().get(i), exact.down().get(i));
                assertTrue(error <= tolerance, "down residual " + i + ": " + error);
            }
            assertClose("unet + controlnet", half.unet().forward(sample, timesteps, context, approx),
                    full.unet().forward(sample, timesteps, context, exact), tolerance + tolerance(full.unet()));
        }
    }

    @Test
    void float32AgainIsTheSnapshotBitForBitAndFloat32ToFloat32TouchesNothing() throws Exception {
        try (StableDiffusion model = StableDiffusion.load(snapshot)) {
            List<NDArray> before = model.arrays();
            model.usePrecisions(model.fullPrecision());
            List<NDArray> after = model.arrays();
            for (int i = 0; i < before.size(); i++) {
                assertSame(before.get(i), after.get(i), "a float32 model asked for float32 keeps its very arrays");
            }
            model.usePrecisions(model.halfExcept(Set.of(ModelComponent.TEXT_ENCODER)));
            assertEquals(DataType.FLOAT32, model.promptEncoder().textModel().dataType());
            assertSame(before.get(0), model.arrays().get(0), "a trained component is not touched");
            model.usePrecisions(model.fullPrecision());
            List<NDArray> restored = model.arrays();
            List<NDArray> reference = full.arrays();
            assertEquals(reference.size(), restored.size());
            for (int i = 0; i < reference.size(); i++) {
                assertEquals(DataType.FLOAT32, restored.get(i).getDataType());
                assertArrayEquals(reference.get(i).toFloatArray(), restored.get(i).toFloatArray(), "array " + i);
            }
        }
    }
}

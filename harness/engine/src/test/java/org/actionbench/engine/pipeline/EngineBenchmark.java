package org.actionbench.engine.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.actionbench.engine.TestData;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.nn.FlopCounter;
import org.actionbench.engine.text.ClipTextModel;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.unet.Conditioning;
import org.actionbench.engine.unet.UNet2DConditionModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step times and achieved GFLOP/s of the engine on this machine, printed as a table (asserts nothing), for
 * the bundled mini model ({@code models/actionbench-mini}) and a mid-size random model (SD 2.1's UNet layout
 * at a quarter of its widths, ≈54M UNet parameters, 32×32 latents), with 1 and 2 intra-op threads:
 * <ul>
 * <li>a token-learning training step (Textual Inversion's: placeholder row → text encoder → UNet → ε-MSE →
 * gradient of the row) at batch 1 and 4;</li>
 * <li>a sampling step: the UNet forward at batch 8 (four images with classifier-free guidance).</li>
 * </ul>
 * GFLOP/s counts matrix-product work ({@link FlopCounter}; the backward pass of a step that trains only
 * inputs is counted as one more forward) and is shown beside the float32 matrix-multiply peak measured in
 * the same run with the same thread count, and as a percentage of the single-thread peak (the issue 17
 * targets). Peak resident memory is reset before each row ({@code /proc/self/clear_refs}), so each row shows
 * its own. Allocator settings (glibc {@code MALLOC_*}) come from the environment Maven runs in. Run with
 * {@code ./mvnw -o -q -pl harness/engine -am test -Dtest=EngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgroups=benchmark -DexcludedGroups=none}.
 */
@Tag("benchmark")
class EngineBenchmark {
    private static final Path MINI_SNAPSHOT = Path.of("../../models/actionbench-mini");
    private static final String PROMPT = "a photo of a man <action> in a park";

    /** What a row runs on: a prompt encoder with one placeholder vector, a UNet and its latent size. */
    record Subject(String name, PromptEncoder encoder, UNet2DConditionModel unet, List<NDArray> weights,
            int latent) {}

    @Test
    void stepTimes() throws Exception {
        Engine.getInstance(); // loads the native library before the thread calls below
        int defaultThreads = JniUtils.getNumThreads();
        System.out.println("[engine-bench] MALLOC_* environment: " + mallocEnvironment());
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                StableDiffusion mini = StableDiffusion.load(MINI_SNAPSHOT)) {
            List<Subject> subjects = List.of(miniSubject(mini), midSubject(root));
            double singleThreadPeak = 0;
            for (int threads : new int[] {1, 2}) {
                JniUtils.setNumThreads(threads);
                double peak = matmulGflops();
                if (threads == 1) {
                    singleThreadPeak = peak;
                }
                System.out.printf("[engine-bench] %d thread(s): float32 matMul 1024x1024 %.1f GFLOP/s%n", threads,
                        peak);
                System.out.println("[engine-bench] threads | model | UNet params | work | batch | ms/step | GFLOP/s "
                        + "| % of same-thread peak | % of 1-thread peak | peak RSS MB");
                for (Subject s : subjects) {
                    for (int batch : new int[] {1, 4}) {
                        report(threads, s, "train", batch, trainStep(root, s, batch), peak, singleThreadPeak);
                    }
                    report(threads, s, "sample", 8, sampleStep(root, s, 8), peak, singleThreadPeak);
                }
            }
        } finally {
            JniUtils.setNumThreads(defaultThreads);
        }
    }

    /** Mean wall time and FLOPs of the timed steps. */
    record Timing(double millis, double gflops) {}

    private static Timing trainStep(NDManager root, Subject s, int batch) {
        NDArray row = Seeds.gaussian(root, new Shape(1, s.encoder().textModel().config().hiddenSize()),
                new SplittableRandom(3)).mul(0.02f);
        row.setRequiresGradient(true);
        Shape latent = new Shape(batch, 4, s.latent(), s.latent());
        List<NDArray> attached = new ArrayList<>(s.weights());
        attached.add(row);
        return timed(s, i -> {
            try (StepScope scope = StepScope.open(root, attached)) {
                NDManager m = scope.manager();
                NDArray x = Seeds.gaussian(m, latent, new SplittableRandom(i));
                NDArray noise = Seeds.gaussian(m, latent, new SplittableRandom(1000 + i));
                long t0 = System.nanoTime();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    FlopCounter.Counted<NDArray> loss = FlopCounter.count(() -> {
                        NDArray ctx = s.encoder().encode(m, Collections.nCopies(batch, PROMPT), row);
                        NDArray eps = s.unet().forward(x, timesteps(m, batch), Conditioning.shared(ctx));
                        NDArray d = eps.sub(noise);
                        return d.mul(d).mean();
                    });
                    gc.backward(loss.result());
                    row.getGradient().toFloatArray();
                    return new long[] {System.nanoTime() - t0, 2 * loss.flops()};
                }
            }
        });
    }

    private static Timing sampleStep(NDManager root, Subject s, int batch) {
        return timed(s, i -> {
            try (StepScope scope = StepScope.open(root, s.weights())) {
                NDManager m = scope.manager();
                NDArray rows = m.zeros(new Shape(1, s.encoder().textModel().config().hiddenSize()));
                NDArray ctx = s.encoder().encode(m, Collections.nCopies(batch, PROMPT), rows);
                NDArray x = Seeds.gaussian(m, new Shape(batch, 4, s.latent(), s.latent()), new SplittableRandom(i));
                long t0 = System.nanoTime();
                FlopCounter.Counted<float[]> out = FlopCounter.count(() -> s.unet()
                        .forward(x, timesteps(m, batch), Conditioning.shared(ctx)).toFloatArray());
                return new long[] {System.nanoTime() - t0, out.flops()};
            }
        });
    }

    private interface Step {
        /** Runs step i; returns {nanoseconds, FLOPs}. */
        long[] run(int i);
    }

    private static Timing timed(Subject s, Step step) {
        int warm = 2;
        int timed = s.name().equals("mini") ? 10 : 4;
        resetPeakRss();
        long nanos = 0;
        long flops = 0;
        for (int i = 0; i < warm + timed; i++) {
            long[] r = step.run(i);
            if (i >= warm) {
                nanos += r[0];
                flops += r[1];
            }
        }
        return new Timing(nanos / 1e6 / timed, flops / (nanos / 1e9) / 1e9);
    }

    private static void report(int threads, Subject s, String work, int batch, Timing t, double peak,
            double singleThreadPeak) throws Exception {
        System.out.printf("[engine-bench] %d | %s | %,d | %s | %d | %.1f | %.1f | %.0f %% | %.0f %% | %d%n", threads,
                s.name(), s.unet().parameterCount(), work, batch, t.millis(), t.gflops(), 100 * t.gflops() / peak,
                100 * t.gflops() / singleThreadPeak, peakRssMb());
    }

    private static NDArray timesteps(NDManager m, int batch) {
        long[] t = new long[batch];
        java.util.Arrays.fill(t, 500);
        return m.create(t);
    }

    private static Subject miniSubject(StableDiffusion mini) {
        mini.promptEncoder().tokenizer().addPlaceholder("<action>", 1);
        List<NDArray> weights = new ArrayList<>(mini.promptEncoder().textModel().arrays());
        weights.addAll(mini.unet().arrays());
        return new Subject("mini", mini.promptEncoder(), mini.unet(), weights,
                mini.defaultResolution() / mini.vaeScaleFactor());
    }

    private static Subject midSubject(NDManager root) throws Exception {
        int hidden = 256;
        ClipTokenizer tokenizer = ClipTokenizer.load(TestData.clipBpe());
        tokenizer.addPlaceholder("<action>", 1);
        ClipTextModel text = new ClipTextModel(new ClipTextConfig(List.of("CLIPTextModel"), 49408, hidden,
                4 * hidden, 4, 4, 77, "gelu", 1e-5, hidden, 49406, 49407, 1));
        UNet2DConditionModel unet = new UNet2DConditionModel(UNetConfig.parse("""
                {"sample_size": 32, "in_channels": 4, "out_channels": 4, "layers_per_block": 2,
                 "block_out_channels": [80, 160, 320, 320],
                 "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                                      "DownBlock2D"],
                 "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
                 "attention_head_dim": [5, 10, 20, 20], "cross_attention_dim": %d, "norm_num_groups": 8,
                 "use_linear_projection": true}""".formatted(hidden)));
        text.initialize(root, 1);
        unet.initialize(root, 2);
        List<NDArray> weights = new ArrayList<>(text.arrays());
        weights.addAll(unet.arrays());
        return new Subject("mid", new PromptEncoder(tokenizer, text), unet, weights, 32);
    }

    private static double matmulGflops() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.randomNormal(new Shape(1024, 1024));
            NDArray b = m.randomNormal(new Shape(1024, 1024));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            int n = 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                a.matMul(b).close();
            }
            return 2.0 * 1024 * 1024 * 1024 * n / ((System.nanoTime() - t0) / 1e9) / 1e9;
        }
    }

    private static String mallocEnvironment() {
        StringBuilder out = new StringBuilder();
        System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("MALLOC_")).sorted(
                java.util.Map.Entry.comparingByKey()).forEach(e -> out.append(e.getKey()).append('=')
                        .append(e.getValue()).append(' '));
        return out.length() == 0 ? "(none)" : out.toString().trim();
    }

    /** Linux resets VmHWM to the current resident size when "5" is written to clear_refs. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception e) {
            // not Linux, or not permitted: the column then shows the peak since start
        }
    }

    private static long peakRssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}

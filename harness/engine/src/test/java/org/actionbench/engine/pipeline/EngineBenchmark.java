package org.actionbench.engine.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.actionbench.engine.TestData;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.nn.FlopCounter;
import org.actionbench.engine.text.ClipTextModel;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.train.Seeds;
import org.actionbench.engine.train.StepScope;
import org.actionbench.engine.unet.Conditioning;
import org.actionbench.engine.unet.UNet2DConditionModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step times of the engine on this machine, printed as a table (asserts nothing): for a tiny config and
 * a mid-size one (SD 2.1's UNet layout at a quarter of its widths, ≈50M UNet parameters), the
 * forward+backward time of a token-learning training step (placeholder row → text encoder → UNet →
 * ε-MSE → gradient of the row) and the time of one sampling step (UNet at batch 2 for
 * classifier-free guidance), with achieved GFLOP/s (matrix-product work counted by {@link FlopCounter};
 * the backward pass of a step that trains only inputs is counted as one more forward) next to this
 * machine's single-thread float32 matrix-multiply GFLOP/s measured in the same run, and peak resident
 * memory. Run with
 * {@code ./mvnw -q -pl harness/engine -am test -Dtest=EngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgroups=benchmark -DexcludedGroups=none}.
 */
@Tag("benchmark")
class EngineBenchmark {

    record Config(String name, int[] channels, int[] heads, int textHidden, int textLayers, int latent) {}

    @Test
    void stepTimes() throws Exception {
        double matmul = matmulGflops();
        System.out.printf("[engine-bench] machine: float32 matMul 1024x1024, 1 thread: %.1f GFLOP/s%n", matmul);
        System.out.println("[engine-bench] config | UNet params | train step ms | train GFLOP/s | sample step ms "
                + "| sample GFLOP/s | peak RSS MB");
        for (Config c : List.of(
                new Config("tiny", new int[] {16, 32}, new int[] {2, 2}, 32, 2, 8),
                new Config("mid", new int[] {80, 160, 320, 320}, new int[] {5, 10, 20, 20}, 256, 4, 32))) {
            run(c, matmul);
        }
    }

    private static void run(Config c, double machine) throws Exception {
        ClipTokenizer tokenizer = ClipTokenizer.load(TestData.clipBpe());
        tokenizer.addPlaceholder("<action>", 1);
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            ClipTextModel text = new ClipTextModel(new ClipTextConfig(List.of("CLIPTextModel"), 49408, c.textHidden(),
                    4 * c.textHidden(), c.textLayers(), 4, 77, "gelu", 1e-5, c.textHidden(), 49406, 49407, 1));
            UNet2DConditionModel unet = new UNet2DConditionModel(unetConfig(c));
            text.initialize(root, 1);
            unet.initialize(root, 2);
            PromptEncoder encoder = new PromptEncoder(tokenizer, text);
            NDArray row = Seeds.gaussian(root, new Shape(1, c.textHidden()), new SplittableRandom(3)).mul(0.02f);
            row.setRequiresGradient(true);
            Shape latent = new Shape(1, 4, c.latent(), c.latent());

            int warm = 2;
            int timed = c.name().equals("tiny") ? 20 : 5;
            long trainFlops = 0;
            long trainNanos = 0;
            for (int i = 0; i < warm + timed; i++) {
                try (StepScope s = StepScope.open(root, text.arrays(), unet.arrays(), List.of(row))) {
                    NDManager m = s.manager();
                    NDArray x = Seeds.gaussian(m, latent, new SplittableRandom(i));
                    NDArray noise = Seeds.gaussian(m, latent, new SplittableRandom(1000 + i));
                    long t0 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        FlopCounter.Counted<NDArray> loss = FlopCounter.count(() -> {
                            NDArray ctx = encoder.encode(m, List.of("a photo of a man <action> in a park"), row);
                            NDArray eps = unet.forward(x, m.create(new long[] {500}), Conditioning.shared(ctx));
                            NDArray d = eps.sub(noise);
                            return d.mul(d).mean();
                        });
                        gc.backward(loss.result());
                        row.getGradient().toFloatArray();
                        if (i >= warm) {
                            trainNanos += System.nanoTime() - t0;
                            trainFlops += 2 * loss.flops();
                        }
                    }
                }
            }
            long sampleFlops = 0;
            long sampleNanos = 0;
            NDArray context = null;
            for (int i = 0; i < warm + timed; i++) {
                try (StepScope s = StepScope.open(root, text.arrays(), unet.arrays())) {
                    NDManager m = s.manager();
                    NDArray ctx = encoder.encode(m, List.of("", "a photo of a man <action> in a park"),
                            row.stopGradient().repeat(0, 1));
                    NDArray x = Seeds.gaussian(m, new Shape(2, 4, c.latent(), c.latent()), new SplittableRandom(i));
                    long t0 = System.nanoTime();
                    FlopCounter.Counted<float[]> out = FlopCounter.count(
                            () -> unet.forward(x, m.create(new long[] {500}), Conditioning.shared(ctx)).toFloatArray());
                    if (i >= warm) {
                        sampleNanos += System.nanoTime() - t0;
                        sampleFlops += out.flops();
                    }
                }
            }
            double trainMs = trainNanos / 1e6 / timed;
            double sampleMs = sampleNanos / 1e6 / timed;
            System.out.printf("[engine-bench] %s | %,d | %.1f | %.1f | %.1f | %.1f | %d%n", c.name(),
                    unet.parameterCount(), trainMs, trainFlops / (trainNanos / 1e9) / 1e9, sampleMs,
                    sampleFlops / (sampleNanos / 1e9) / 1e9, peakRssMb());
        }
    }

    private static UNetConfig unetConfig(Config c) throws Exception {
        int n = c.channels().length;
        StringBuilder down = new StringBuilder();
        StringBuilder up = new StringBuilder();
        for (int i = 0; i < n; i++) {
            down.append(i > 0 ? ", " : "").append(i < n - 1 ? "\"CrossAttnDownBlock2D\"" : "\"DownBlock2D\"");
            up.append(i > 0 ? ", " : "").append(i == 0 ? "\"UpBlock2D\"" : "\"CrossAttnUpBlock2D\"");
        }
        return UNetConfig.parse("""
                {"sample_size": %d, "in_channels": 4, "out_channels": 4, "layers_per_block": 2,
                 "block_out_channels": %s, "down_block_types": [%s], "up_block_types": [%s],
                 "attention_head_dim": %s, "cross_attention_dim": %d, "norm_num_groups": 8,
                 "use_linear_projection": true}""".formatted(c.latent(), java.util.Arrays.toString(c.channels()),
                down, up, java.util.Arrays.toString(c.heads()), c.textHidden()));
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

    private static long peakRssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}

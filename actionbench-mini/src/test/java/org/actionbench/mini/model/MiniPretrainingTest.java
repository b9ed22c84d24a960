package org.actionbench.mini.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.schedulers.ForwardDiffusion;
import org.actionbench.engine.schedulers.NoiseSchedule;
import org.actionbench.engine.train.TrainingCheckpoint;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.engine.weights.DType;
import org.actionbench.engine.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniPretrainingTest {
    private static final PretrainingPlan PLAN = new PretrainingPlan(5, 2, 3, 1e-3, 1e-5, 12, 3e-4, 2, 5.0, 0.99,
            0.8, 0.1, 2, 1e-4, 10);

    /** Records "stage step/total" per reported step and the log lines; crashes at a UNet step if asked. */
    private static final class Recorder {
        final List<String> lines = new ArrayList<>();
        final long crashAtUnetStep;

        Recorder(long crashAtUnetStep) {
            this.crashAtUnetStep = crashAtUnetStep;
        }

        TrainingListener stage(String stage) {
            return new TrainingListener() {
                @Override
                public void step(long step, long total, Map<String, Double> metrics) {
                    lines.add(stage + " " + step + "/" + total);
                    if (stage.equals(MiniPretraining.UNET) && step == crashAtUnetStep) {
                        throw new IllegalStateException("simulated crash");
                    }
                }

                @Override
                public void resumed(long step, long totalSteps, Path checkpoint) {
                    lines.add("[" + stage + "] resumed at step " + step + " of " + totalSteps + " from " + checkpoint);
                }

                @Override
                public void log(String line) {
                    lines.add("[" + stage + "] " + line);
                }
            };
        }
    }

    @Test
    void aResumedPretrainingWritesTheSameSnapshotAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        MiniPretraining.Result straight = new MiniPretraining(MiniModelSize.TINY, PLAN, dir.resolve("work-a"))
                .run(dir.resolve("a"), DType.F32, new Recorder(-1)::stage);
        assertTrue(Double.isFinite(straight.finalLosses().get(MiniPretraining.UNET)));

        MiniPretraining resumable = new MiniPretraining(MiniModelSize.TINY, PLAN, dir.resolve("work-b"));
        assertThrows(IllegalStateException.class,
                () -> resumable.run(dir.resolve("b"), DType.F32, new Recorder(10)::stage));
        assertTrue(Files.exists(dir.resolve("work-b/unet.checkpoint.safetensors")));
        Recorder second = new Recorder(-1);
        resumable.run(dir.resolve("b"), DType.F32, second::stage);
        assertTrue(second.lines.stream().anyMatch(l -> l.contains("[unet] resumed at step 10")), second.lines.toString());
        assertEquals(List.of("unet 12/12", "controlnet 2/2"),
                second.lines.stream().filter(l -> l.matches("\\w+ \\d+/\\d+")).toList(),
                "the VAE stage is done and the UNet stage continues at step 10");

        try (Stream<Path> files = Files.walk(dir.resolve("a"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("b").resolve(
                        dir.resolve("a").relativize(f))), "differs: " + f);
            }
        }
        // The snapshot's UNet is the moving average the checkpoint carries, not the last raw weights.
        try (SafetensorsFile ckpt = SafetensorsFile.open(dir.resolve("work-a/unet.checkpoint.safetensors"));
                SafetensorsFile snap = SafetensorsFile.open(dir.resolve("a/unet/diffusion_pytorch_model.safetensors"));
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            String key = "conv_in.weight";
            float[] saved = snap.toNDArray(m, key).toFloatArray();
            assertArrayEquals(ckpt.toNDArray(m, TrainingCheckpoint.EXTRA_PREFIX + "UNet2DConditionModel/" + key)
                    .toFloatArray(), saved);
            assertFalse(Arrays.equals(ckpt.toNDArray(m, TrainingCheckpoint.PARAM_PREFIX + "UNet2DConditionModel/"
                    + key).toFloatArray(), saved));
        }
        try (StableDiffusion model = StableDiffusion.load(dir.resolve("a"))) {
            assertEquals(32, model.defaultResolution());
            assertTrue(model.controlnet().isPresent());
            assertEquals(straight.scalingFactor(), model.vae().scalingFactor(), 1e-6);
        }
    }

    @Test
    void minSnrWeightsMatchTheScheduleByHand() {
        ForwardDiffusion diffusion = new ForwardDiffusion(NoiseSchedule.fromConfig(MiniModelSize.schedulerConfig()));
        long[] t = {0, 500, 999};
        float[] w = MiniPretraining.minSnrWeights(diffusion, t, 5.0);
        for (int i = 0; i < t.length; i++) {
            double a = diffusion.alphaCumprod(t[i]);
            double snr = a / (1 - a);
            assertEquals(Math.min(snr, 5.0) / snr, w[i], 1e-6);
        }
        assertTrue(w[0] < 0.01, "a nearly clean timestep is weighted down: " + w[0]);
        assertEquals(1f, w[2], 0f, "a noisy timestep (SNR < 5) keeps weight 1");
        assertArrayEquals(new float[] {1f, 1f, 1f}, MiniPretraining.minSnrWeights(diffusion, t, 0));
    }
}

package org.actionbench.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.device.DevicePlacementCheck;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.train.Gradients;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.engine.train.TrainingLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device check walks a real training step and a real sampling step of a tiny Stable Diffusion. On a CPU
 * every array is on {@code cpu()}, so the check passes when it expects the CPU and must fail — naming arrays —
 * when told to expect the GPU a CUDA run would use ({@code gpu(0)}, which no array here is on): the report a GPU
 * run would give for arrays created on the CPU. DJL's {@code Device.of("cpu", 1)} cannot serve, as it is
 * {@code cpu()} itself.
 */
class DevicePlacementCheckTest {
    static StableDiffusion model;

    @BeforeAll
    static void build() throws Exception {
        model = TinyStableDiffusion.build(5, 16, 32);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @AfterEach
    void switchOff() {
        DevicePlacementCheck.off();
    }

    @Test
    void aTrainingStepAndASamplingStepPassWhenEveryArrayIsOnTheExpectedDevice(@TempDir Path dir) throws Exception {
        DevicePlacementCheck.expect(Device.cpu());
        assertEquals(1, trainOneStep(dir).stepsRun());
        assertEquals(1, sampleOneStep().size());
    }

    @Test
    void aTrainingStepFailsWhenItsArraysAreOffTheExpectedDevice(@TempDir Path dir) {
        DevicePlacementCheck.expect(Device.gpu(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainOneStep(dir));
        assertOffDeviceMessage(e);
    }

    @Test
    void aSamplingStepFailsWhenItsArraysAreOffTheExpectedDevice() {
        DevicePlacementCheck.expect(Device.gpu(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, DevicePlacementCheckTest::sampleOneStep);
        assertOffDeviceMessage(e);
    }

    @Test
    void offDeviceFindsExactlyTheArraysOnAnotherDeviceUnderAManager() {
        try (NDManager m = model.manager().newSubManager()) {
            m.create(new float[] {1, 2, 3});
            m.newSubManager().zeros(new Shape(2, 2));
            assertEquals(0, DevicePlacementCheck.offDevice(m, Device.cpu()).size());
            assertEquals(2, DevicePlacementCheck.offDevice(m, Device.gpu(0)).size());
        }
    }

    @Test
    void offChecksNothing(@TempDir Path dir) throws Exception {
        DevicePlacementCheck.expect(Device.gpu(0));
        DevicePlacementCheck.off();
        assertEquals(1, trainOneStep(dir).stepsRun());
    }

    private static void assertOffDeviceMessage(IllegalStateException e) {
        String m = e.getMessage();
        assertTrue(m.startsWith("device check: ") && m.contains("not on gpu(0)") && m.contains(" on cpu()"), m);
    }

    /** One optimizer step of a latent offset through the frozen UNet. */
    private static TrainingLoop.Outcome trainOneStep(Path dir) throws Exception {
        try (NDManager parent = model.manager().newSubManager()) {
            NDArray offset = parent.zeros(new Shape(1, 4, 8, 8));
            offset.setRequiresGradient(true);
            Map<String, NDArray> trainable = Map.of("offset", offset);
            TrainingLoop.Plan plan = new TrainingLoop.Plan(1, 1, AdamWConfig.defaults(1e-3),
                    dir.resolve("checkpoint.safetensors"), Map.of());
            return TrainingLoop.run(parent, trainable, model.arrays(), plan, TrainingListener.NONE, (step, m) -> {
                Gradients g = Gradients.compute(trainable, m, () -> {
                    NDArray sample = m.randomNormal(new Shape(1, 4, 8, 8)).add(offset);
                    NDArray context = m.zeros(new Shape(1, 77, 32));
                    return model.unet().forward(sample, m.create(new float[] {500f}), context).square().mean();
                });
                return TrainingLoop.Update.ofLoss(g.byName(), g.loss());
            });
        }
    }

    private static List<?> sampleOneStep() {
        return new TextToImagePipeline(model).generate(TextToImagePipelineTest.request(model, List.of("a panda"),
                List.of(1L)).withSteps(1));
    }
}

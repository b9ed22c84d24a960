package org.actionbench.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.nn.ParameterOverrides;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;

/** Drives a method through the SPI as the runner does: resolve, train, prompt, sample. */
public final class MethodHarness {
    private MethodHarness() {
    }

    public static <S extends Record> Artifact train(Method<S> method, StableDiffusion model, ActionExamples action,
            Map<String, Object> overrides, Path dir, Recording listener) throws IOException {
        return train(method, model, action, overrides, dir, dir, listener);
    }

    /** As a cell of a run trains: {@code shared} is the run's directory shared by its cells. */
    public static <S extends Record> Artifact train(Method<S> method, StableDiffusion model, ActionExamples action,
            Map<String, Object> overrides, Path dir, Path shared, Recording listener) throws IOException {
        S settings = SettingsRecords.apply(method.defaults(), overrides);
        return method.train(action, model, settings, new TrainingContext(dir, shared, listener));
    }

    /** Trains to the end after a crash at {@code failAt}: the second call resumes from the checkpoint. */
    public static Artifact trainWithCrash(Method<?> method, StableDiffusion model, ActionExamples action,
            Map<String, Object> overrides, Path dir, long failAt) throws IOException {
        assertThrows(Recording.Crash.class, () -> train(method, model, action, overrides, dir, new Recording(failAt)));
        return train(method, model, action, overrides, dir, new Recording());
    }

    /** One image for one subject, with few DDIM steps, through the sampling setup. */
    public static BufferedImage sample(Method<?> method, StableDiffusion model, ActionExamples action, Artifact artifact,
            long seed) {
        SamplingSetup setup = method.sampling(artifact, action, model);
        String prompt = method.prompt("a panda", action, artifact);
        TextToImagePipeline.Request request = TextToImagePipeline.Request.of(model, List.of(prompt), List.of(seed),
                setup.conditioner()).withSteps(3).withControl(setup.controlFor(List.of(seed)));
        try (ParameterOverrides o = ParameterOverrides.apply(model.unet(), setup.unetOverrides())) {
            List<BufferedImage> images = new TextToImagePipeline(model).generate(request);
            assertEquals(1, images.size());
            assertEquals(model.defaultResolution(), images.get(0).getWidth());
            return images.get(0);
        }
    }
}

package org.actionbench.baselines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.mini.model.MiniModelSize;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Training step time of every trained method with its published per-step work (batch size, gradient
 * accumulation, prior preservation, ADI's triple), on the tiny test model, on a model of the bundled mini
 * model's size (random weights: the time does not depend on their values) and, with
 * {@code -Dactionbench.snapshot=DIR}, on that snapshot. The time of a step is the interval between two
 * consecutive step reports, so set-up (encoding the exemplars, ADI's action-different images, DreamBooth's
 * class images; kept tiny here) is not counted. Prints figures, asserts nothing. Run with
 * {@code ./mvnw -o -q -B -pl baselines test -Dtest=MethodStepBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgroups=benchmark -DexcludedGroups=none [-Dactionbench.snapshot=DIR]}; {@code -Dactionbench.benchSteps=N} measures N
 * steps instead of 3 and {@code -Dactionbench.methods=adi,p-plus} limits the methods; {@code -Dactionbench.profile=DIR} runs the measured
 * steps under libtorch's profiler, writes each trace into DIR and prints its ops by self time (the step times
 * then include the profiler's own cost).
 */
@Tag("benchmark")
class MethodStepBenchmark {
    private static final int MEASURED = Integer.getInteger("actionbench.benchSteps", 3);
    /** A directory for libtorch profiler traces of the measured steps, summed per op on stdout (null: none). */
    private static final String PROFILE = System.getProperty("actionbench.profile");

    /** Set-up kept small; the per-step work stays each method's own. */
    private static final Map<String, Map<String, Object>> SETUP = Map.of(
            "dreambooth", Map.of("classImages", 1, "classSamplingSteps", 1),
            "custom-diffusion", Map.of("classImages", 1, "classSamplingSteps", 1),
            "adi", Map.of("dreamboothSteps", 1, "actionDifferentPerExemplar", 1, "samplingSteps", 1));

    @Test
    void stepTimes() throws Exception {
        Map<String, Supplier<StableDiffusion>> models = new LinkedHashMap<>();
        models.put("tiny", () -> TinyModels.random(1));
        models.put("mini-size", () -> MiniModelSize.MINI.random(1));
        String snapshot = System.getProperty("actionbench.snapshot");
        if (snapshot != null && !snapshot.isBlank()) {
            models.put(snapshot, () -> {
                try {
                    return StableDiffusion.load(Path.of(snapshot));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot load " + snapshot + ": " + e.getMessage(), e);
                }
            });
        }
        System.out.printf(Locale.ROOT, "[method-bench] %-18s %-12s %10s%n", "method", "model", "ms/step");
        for (Map.Entry<String, Supplier<StableDiffusion>> e : models.entrySet()) {
            try (StableDiffusion model = e.getValue().get()) {
                ActionExamples action = ToyAction.of(PoseFamily.RAISE_ONE_ARM, 4);
                for (Method<?> method : Methods.all()) {
                    if (method.id().equals("stable-diffusion") || method.id().equals("controlnet")
                            || !selected(method.id())) {
                        continue;
                    }
                    Map<String, Object> overrides = new LinkedHashMap<>(SETUP.getOrDefault(method.id(), Map.of()));
                    overrides.put("steps", MEASURED + 1);
                    List<Long> times = new ArrayList<>();
                    TrainingListener listener = (step, total, metrics) -> {
                        times.add(System.nanoTime());
                        if (PROFILE != null && step == 1) {
                            NativeOpProfile.start();
                        }
                    };
                    Path dir = Files.createTempDirectory("method-bench");
                    train(method, action, model, overrides, new TrainingContext(dir, listener));
                    if (PROFILE != null) {
                        NativeOpProfile.stopAndPrint(Files.createDirectories(Path.of(PROFILE)).resolve(method.id() + "-"
                                + e.getKey().replace('/', '_') + ".json"), method.id() + " " + e.getKey(), MEASURED,
                                25, System.out);
                    }
                    double ms = (times.get(times.size() - 1) - times.get(0)) / 1e6 / (times.size() - 1);
                    System.out.printf(Locale.ROOT, "[method-bench] %-18s %-12s %10.1f%n", method.id(), e.getKey(), ms);
                }
            }
        }
    }

    private static boolean selected(String method) {
        String only = System.getProperty("actionbench.methods", "");
        return only.isBlank() || List.of(only.split(",")).contains(method);
    }

    private static <S extends Record> void train(Method<S> method, ActionExamples action, StableDiffusion model,
            Map<String, Object> overrides, TrainingContext context) throws IOException {
        method.train(action, model, SettingsRecords.apply(method.defaults(), overrides), context);
    }
}

package org.actionbench.runner.plan;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Objects;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.BenchMaterial;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.method.TrainingSettings;
import org.actionbench.engine.pipeline.StableDiffusion;

/**
 * A method of a run under its name, with its settings resolved once: every default filled in, the spec's
 * overrides applied and validated, the run's training seed given to a training method unless the spec set
 * its own, and every choice left to the bench made ({@link Method#resolveFor}). run.json records
 * {@link #recordedSettings()}.
 *
 * @param <S> the method's settings record
 */
public record PlannedMethod<S extends Record>(String name, Method<S> method, S settings) {
    public PlannedMethod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * {@code method}'s defaults, with {@code trainingSeed} when its settings take a seed, then the spec's
     * {@code overrides}, then the choices that depend on what {@code bench} offers; an unknown key or a bad
     * value is an {@link IllegalArgumentException} naming it.
     */
    public static <S extends Record> PlannedMethod<S> resolve(String name, Method<S> method,
            Map<String, Object> overrides, long trainingSeed, BenchMaterial bench) {
        S defaults = method.defaults();
        if (defaults instanceof TrainingSettings<?> training) {
            defaults = method.settingsType().cast(training.withSeed(trainingSeed));
        }
        return new PlannedMethod<>(name, method, method.resolveFor(bench, SettingsRecords.apply(defaults, overrides)));
    }

    public String id() {
        return method.id();
    }

    /** The model components this method trains with its settings: they stay float32 under {@code precision: fp16}. */
    public Set<ModelComponent> trainedComponents() {
        return method.trainedComponents(settings);
    }

    /** What decides the class images it generates; equal for entries that share them ({@code Method}). */
    public Optional<Object> sharedClassImages() {
        return method.sharedClassImages(settings);
    }

    /** The settings as key → value, as run.json records them. */
    public Map<String, Object> recordedSettings() {
        return SettingsRecords.toMap(settings);
    }

    /** The optimisation steps the method announces (0 for a method that does not train). */
    public long announcedSteps() {
        return settings instanceof TrainingSettings<?> training ? training.steps() : 0;
    }

    /** Trains the method on one action with these settings. */
    public Artifact train(ActionExamples action, StableDiffusion model, TrainingContext context) throws IOException {
        return method.train(action, model, settings, context);
    }
}

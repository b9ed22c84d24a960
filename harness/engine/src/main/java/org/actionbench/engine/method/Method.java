package org.actionbench.engine.method;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.pipeline.StableDiffusion;

/**
 * One compared method (ARCHITECTURE.md §4) behind one interface: the harness treats ADI exactly like the
 * baselines. Implementations live in {@code baselines/}. For each action a method {@link #train trains}
 * on the exemplars into an {@link Artifact} (empty for methods that learn nothing), then says how to
 * {@link #prompt phrase} a subject doing the action and how to {@link #sampling sample} with the artifact.
 *
 * <p>A method's settings are one record {@code S} whose components are the setting keys and whose
 * constructor validates them ({@link SettingChecks}); {@link #defaults()} holds the published values. The
 * runner applies a run spec's overrides to the defaults once ({@link SettingsRecords#apply}) and hands the
 * record to {@code train}; the record becomes a key → value map only for run.json and checkpoint fingerprints.
 *
 * <p>The frozen model is shared by every method of a run: {@code train} must leave its weights as it
 * found them (a method that fine-tunes the UNet trains a copy of the tensors it changes and returns them
 * in the artifact).
 *
 * @param <S> the method's settings record
 */
public interface Method<S extends Record> {

    /** Stable id used in run directories and specs, e.g. {@code adi}, {@code textual-inversion}. */
    String id();

    /** Every setting at its published default (each record documents the source of each value). */
    S defaults();

    /**
     * {@code settings} with every choice that depends on the bench made: a setting whose default is "decide
     * from the bench" (ADI's {@code actionDifferentSource: auto}) becomes the value used, so that run.json
     * records what was done. The runner calls it once per run, after applying the spec's overrides; most
     * methods have nothing to decide.
     */
    default S resolveFor(BenchMaterial bench, S settings) {
        return settings;
    }

    /** The settings record's class. */
    @SuppressWarnings("unchecked")
    default Class<S> settingsType() {
        // A record class is final, so the defaults' class is exactly S.
        return (Class<S>) defaults().getClass();
    }

    /**
     * The components {@link #train} trains with {@code settings}: those holding a trained parameter (a fine-tuned
     * copy counts) or that a trained tensor's gradient passes through to reach it (token rows are read through the
     * text encoder). They stay float32 under {@code precision: fp16}; every other component is frozen and computes
     * in float16 for the whole cell, training and sampling alike. Empty for a method that learns nothing.
     */
    Set<ModelComponent> trainedComponents(S settings);

    /**
     * What decides the prior-preservation class images {@link #train} generates with {@code settings} into
     * {@link TrainingContext#sharedDir()}, besides the action: two method entries with equal values make the same
     * files for an action, so a run generates them once (the planner charges them to the first such cell).
     * Empty for a method that generates none.
     */
    default Optional<Object> sharedClassImages(S settings) {
        return Optional.empty();
    }

    /**
     * Learns the action with {@code settings}. Resumes from a checkpoint in the context's work directory
     * when one is there.
     */
    Artifact train(ActionExamples action, StableDiffusion model, S settings, TrainingContext context)
            throws IOException;

    /**
     * The prompt asking for {@code subject} (e.g. "An old man", "A panda") performing the action, in the
     * method's own form: the plain-SD baseline spells out the action's description, token-learning
     * methods use their placeholder.
     */
    String prompt(String subject, ActionExamples action, Artifact artifact);

    /** What the sampler needs to generate with the artifact: conditioning, UNet overrides, control. */
    SamplingSetup sampling(Artifact artifact, ActionExamples action, StableDiffusion model);
}

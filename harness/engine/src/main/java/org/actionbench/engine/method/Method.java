package org.actionbench.engine.method;

import java.io.IOException;
import java.util.Map;
import org.actionbench.engine.pipeline.StableDiffusion;

/**
 * One compared method (DESIGN.md §4) behind one interface: the harness treats ADI exactly like the
 * baselines. Implementations live in {@code baselines/}. For each action a method {@link #train trains}
 * on the exemplars into an {@link Artifact} (empty for methods that learn nothing), then says how to
 * {@link #prompt phrase} a subject doing the action and how to {@link #sampling sample} with the artifact.
 *
 * <p>The frozen model is shared by every method of a run: {@code train} must leave its weights as it
 * found them (a method that fine-tunes the UNet trains a copy of the tensors it changes and returns them
 * in the artifact).
 */
public interface Method {

    /** Stable id used in run directories and specs, e.g. {@code adi}, {@code textual-inversion}. */
    String id();

    /**
     * Every setting with its value after applying {@code overrides} (from the run spec) to the method's
     * defaults, as recorded in run.json; an unknown key or a bad value is an error naming it.
     */
    Map<String, Object> resolveSettings(Map<String, Object> overrides);

    /**
     * Learns the action; {@code settings} is what {@link #resolveSettings} returned. Resumes from a
     * checkpoint in the context's work directory when one is there.
     */
    Artifact train(ActionExamples action, StableDiffusion model, Map<String, Object> settings,
            TrainingContext context) throws IOException;

    /**
     * The prompt asking for {@code subject} (e.g. "An old man", "A panda") performing the action, in the
     * method's own form: the plain-SD baseline spells out the action's description, token-learning
     * methods use their placeholder.
     */
    String prompt(String subject, ActionExamples action, Artifact artifact);

    /** What the sampler needs to generate with the artifact: conditioning, UNet overrides, control. */
    SamplingSetup sampling(Artifact artifact, ActionExamples action, StableDiffusion model);
}

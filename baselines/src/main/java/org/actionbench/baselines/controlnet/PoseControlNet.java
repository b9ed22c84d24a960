package org.actionbench.baselines.controlnet;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Set;
import org.actionbench.baselines.common.PlaceholderTokens;
import org.actionbench.baselines.common.SquareImages;
import org.actionbench.engine.controlnet.ControlNetModel;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.ControlChoice;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.method.SettingChecks;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.nn.Seeds;

/**
 * The ControlNet (OpenPose) baseline (ADI §5.1): no training; each image is generated from the subject (alone
 * by default, {@link ControlNetSettings#prompt}) as prompt and the OpenPose skeleton map of one exemplar. Which
 * exemplar is drawn from the sample's seed, so it is reproducible, independent of batching, and recorded
 * ({@link ControlChoice#describe}).
 */
public final class PoseControlNet implements Method<ControlNetSettings> {
    public static final String ID = "controlnet";
    /** Artifact metadata: the conditioning scale, so sampling needs no settings. */
    public static final String SCALE = "conditioning_scale";
    /** Artifact metadata: the prompt form, so prompting needs no settings. */
    public static final String PROMPT = "prompt";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ControlNetSettings defaults() {
        return ControlNetSettings.DEFAULTS;
    }

    /** Learns nothing: the pose ControlNet is used as published. */
    @Override
    public Set<ModelComponent> trainedComponents(ControlNetSettings s) {
        return Set.of();
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, ControlNetSettings s,
            TrainingContext context) {
        for (int k = 0; k < action.exemplars().size(); k++) {
            if (action.exemplars().get(k).poseMap() == null) {
                throw new IllegalArgumentException("action '" + action.actionId() + "': exemplar " + k
                        + " has no pose map, which ControlNet needs");
            }
        }
        return new Artifact(ID, Map.of(), Map.of(SCALE, Double.toString(s.conditioningScale()), PROMPT,
                SettingChecks.lowerId(s.prompt())));
    }

    @Override
    public String prompt(String subject, ActionExamples action, Artifact artifact) {
        // Artifacts written before the setting existed used the subject alone.
        String form = artifact.metadata().getOrDefault(PROMPT, SettingChecks.lowerId(ControlNetPrompt.SUBJECT));
        return switch (SettingChecks.enumById(PROMPT, ControlNetPrompt.class, form)) {
            case SUBJECT -> subject.trim();
            case SUBJECT_AND_ACTION -> PlaceholderTokens.subjectWith(subject, action.description());
        };
    }

    /** The exemplar whose skeleton conditions the sample with this seed. */
    public static int exemplarFor(long seed, int exemplars) {
        return Seeds.derive(seed, "controlnet-exemplar", 0).nextInt(exemplars);
    }

    @Override
    public SamplingSetup sampling(Artifact artifact, ActionExamples action, StableDiffusion model) {
        ControlNetModel controlnet = model.controlnet().orElseThrow(() -> new IllegalArgumentException(
                "the ControlNet baseline needs a model snapshot with a controlnet/ component"));
        String scale = artifact.metadata().getOrDefault(SCALE, "1.0");
        float conditioningScale = Float.parseFloat(scale);
        int size = model.defaultResolution();
        ControlChoice choice = new ControlChoice() {
            @Override
            public ControlNetModel controlnet() {
                return controlnet;
            }

            @Override
            public float scale() {
                return conditioningScale;
            }

            @Override
            public BufferedImage image(long seed) {
                BufferedImage map = action.exemplars().get(exemplarFor(seed, action.exemplars().size())).poseMap();
                return SquareImages.fit(map, size);
            }

            @Override
            public String describe(long seed) {
                return "exemplar " + exemplarFor(seed, action.exemplars().size());
            }
        };
        return new SamplingSetup(PromptConditioner.text(model.promptEncoder()), Map.of(), null, choice);
    }
}

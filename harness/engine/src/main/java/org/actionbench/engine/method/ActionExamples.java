package org.actionbench.engine.method;

import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a method may learn an action from: its exemplar images with their prompt templates ("A man {} in
 * a park", where {@code {}} stands for the removed action words), the action's textual description (the
 * plain-SD baseline's prompt; ADI's action-different prompts use the other actions' descriptions) and
 * the skeleton maps of the exemplars for ControlNet, and, when the bench has them, each exemplar's
 * action-different images: the same individual in the same scene doing the bench's other actions (ADI's
 * x^(ā,c), §4.2).
 */
public record ActionExamples(String actionId, String description, List<Exemplar> exemplars,
        List<String> otherActionDescriptions) {

    /**
     * One exemplar: the image, its template with exactly one {@code {}}, its pose map (or null), and its
     * action-different images by the id of the action each shows (empty when the bench has none).
     */
    public record Exemplar(BufferedImage image, String promptTemplate, BufferedImage poseMap,
            Map<String, BufferedImage> actionDifferent) {
        public Exemplar {
            int first = promptTemplate.indexOf("{}");
            if (first < 0 || promptTemplate.indexOf("{}", first + 1) >= 0) {
                throw new IllegalArgumentException("prompt template must contain exactly one {}: '"
                        + promptTemplate + "'");
            }
            actionDifferent = Collections.unmodifiableMap(new LinkedHashMap<>(actionDifferent));
        }

        /** An exemplar without action-different images. */
        public Exemplar(BufferedImage image, String promptTemplate, BufferedImage poseMap) {
            this(image, promptTemplate, poseMap, Map.of());
        }

        /** The template with {@code words} in place of {@code {}}. */
        public String prompt(String words) {
            return promptTemplate.replace("{}", words).replaceAll("\\s+", " ").trim();
        }
    }

    public ActionExamples {
        exemplars = List.copyOf(exemplars);
        otherActionDescriptions = List.copyOf(otherActionDescriptions);
        if (exemplars.isEmpty()) {
            throw new IllegalArgumentException("action '" + actionId + "' has no exemplars");
        }
    }

    /** Whether every exemplar carries action-different images. */
    public boolean hasActionDifferentImages() {
        return exemplars.stream().noneMatch(e -> e.actionDifferent().isEmpty());
    }
}

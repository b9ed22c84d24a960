package org.actionbench.engine.method;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * What a method may learn an action from: its exemplar images with their prompt templates ("A man {} in
 * a park", where {@code {}} stands for the removed action words), the action's textual description (the
 * plain-SD baseline's prompt; ADI's action-different prompts use the other actions' descriptions) and
 * the skeleton maps of the exemplars for ControlNet.
 */
public record ActionExamples(String actionId, String description, List<Exemplar> exemplars,
        List<String> otherActionDescriptions) {

    /** One exemplar: the image, its template with exactly one {@code {}}, and its pose map (or null). */
    public record Exemplar(BufferedImage image, String promptTemplate, BufferedImage poseMap) {
        public Exemplar {
            int first = promptTemplate.indexOf("{}");
            if (first < 0 || promptTemplate.indexOf("{}", first + 1) >= 0) {
                throw new IllegalArgumentException("prompt template must contain exactly one {}: '"
                        + promptTemplate + "'");
            }
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
}

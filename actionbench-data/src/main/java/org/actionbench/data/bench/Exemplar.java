package org.actionbench.data.bench;

import java.util.Objects;

/**
 * One exemplar image of an action. {@code file} is relative to the bench directory (forward slashes);
 * {@code prompt} is the image's caption with the action words replaced by the one slot {@code {}},
 * e.g. "A man {} in a park", so a method can put its learned identifier where the action was.
 */
public record Exemplar(String file, String prompt) {
    /** The slot a template carries exactly once. */
    public static final String SLOT = "{}";

    public Exemplar {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(prompt, "prompt");
    }

    /** This exemplar's template with {@code words} in the slot. */
    public String prompt(String words) {
        return prompt(prompt, words);
    }

    /**
     * {@code template} with {@code words} in its slot, verbatim (no spacing fix-ups, so what a method
     * conditions on is exactly what a reader of the bench would write).
     *
     * @throws IllegalArgumentException when the template does not contain exactly one slot
     */
    public static String prompt(String template, String words) {
        Objects.requireNonNull(words, "words");
        if (slotCount(template) != 1) {
            throw new IllegalArgumentException("template must contain exactly one " + SLOT + ": \"" + template + "\"");
        }
        int at = template.indexOf(SLOT);
        return template.substring(0, at) + words + template.substring(at + SLOT.length());
    }

    /** File-name ending of an exemplar's optional pose map (ControlNet's input), beside the image. */
    public static final String POSE_SUFFIX = ".pose.png";

    /**
     * The bench-relative file of the pose map of the exemplar image {@code file}: {@code bow/03.png} →
     * {@code bow/03.pose.png}. bench.json does not list pose maps; a bench has them or not.
     */
    public static String poseMapFile(String file) {
        return stem(file) + POSE_SUFFIX;
    }

    /** Folder-name ending of an exemplar's optional action-different renders, beside the image. */
    public static final String ACTION_DIFFERENT_SUFFIX = ".other";

    /**
     * The bench-relative folder of the action-different renders of the exemplar image {@code file}: the same
     * person in the same scene doing each other action of the bench (ADI's x^(ā,c), §4.2),
     * {@code bow/03.png} → {@code bow/03.other}. bench.json does not list them; an exemplar has either none or
     * one per other action.
     */
    public static String actionDifferentFolder(String file) {
        return stem(file) + ACTION_DIFFERENT_SUFFIX;
    }

    /** The render of exemplar {@code file} doing {@code otherActionId}: {@code bow/03.other/squat.png}. */
    public static String actionDifferentFile(String file, String otherActionId) {
        return actionDifferentFolder(file) + "/" + otherActionId + ".png";
    }

    /** {@code file} without its extension ({@code bow/03.png} → {@code bow/03}). */
    private static String stem(String file) {
        int slash = file.lastIndexOf('/');
        int dot = file.lastIndexOf('.');
        return dot > slash ? file.substring(0, dot) : file;
    }

    /** How many non-overlapping slots {@code template} contains. */
    public static int slotCount(String template) {
        int n = 0;
        for (int at = template.indexOf(SLOT); at >= 0; at = template.indexOf(SLOT, at + SLOT.length())) {
            n++;
        }
        return n;
    }
}

package org.actionbench.mini.world;

import org.actionbench.data.bench.Exemplar;

/**
 * The one caption shape of ActionBench-Mini: "a photo of {subject} {action words} {scene phrase}", e.g.
 * "a photo of an old man raising one arm in a park". The exemplar template is the same caption with the
 * action words replaced by the bench's "{}" slot, so filling the slot with the words gives the caption back.
 */
public final class Captions {
    private Captions() {
    }

    public static String full(String subject, PoseFamily action, SceneKind scene) {
        return "a photo of " + subject + " " + action.words() + " " + scene.phrase();
    }

    /** The caption with no action words, for corpus images whose pose text leaves out. */
    public static String withoutAction(String subject, SceneKind scene) {
        return "a photo of " + subject + " " + scene.phrase();
    }

    /** The exemplar prompt template: "a photo of an old man {} in a park". */
    public static String template(String subject, SceneKind scene) {
        return "a photo of " + subject + " " + Exemplar.SLOT + " " + scene.phrase();
    }
}

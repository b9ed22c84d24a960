package org.actionbench.baselines;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.mini.world.Captions;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.CastMember;
import org.actionbench.mini.world.MiniRenderer;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.mini.world.Render;
import org.actionbench.mini.world.SceneKind;
import org.actionbench.engine.method.ActionExamples;

/** A two-exemplar action of the mini world at the tiny model's 32×32: two people raising one arm. */
public final class ToyAction {
    private ToyAction() {
    }

    public static ActionExamples raiseOneArm() {
        return of(PoseFamily.RAISE_ONE_ARM, 2);
    }

    public static ActionExamples of(PoseFamily action, int exemplars) {
        return of(action, exemplars, false);
    }

    /**
     * {@link #of(PoseFamily, int)} with each exemplar's action-different images as ActionBench-Mini's bench has
     * them: the exemplar's draw re-rendered doing each of the two other actions the action names.
     */
    public static ActionExamples withActionDifferentRenders(PoseFamily action, int exemplars) {
        return of(action, exemplars, true);
    }

    private static ActionExamples of(PoseFamily action, int exemplars, boolean renders) {
        // Two other actions keep ADI's action-different pool small.
        List<PoseFamily> otherActions = new ArrayList<>();
        for (PoseFamily f : PoseFamily.values()) {
            if (f != action && otherActions.size() < 2) {
                otherActions.add(f);
            }
        }
        SceneKind[] scenes = {SceneKind.PARK, SceneKind.BEACH, SceneKind.SNOW, SceneKind.CITY};
        List<ActionExamples.Exemplar> out = new ArrayList<>();
        for (int i = 0; i < exemplars; i++) {
            CastMember who = Cast.EXEMPLAR_HUMANS.get(i);
            SceneKind where = scenes[i % scenes.length];
            Render r = MiniRenderer.render(who, action, where, 32, 100 + i);
            Map<String, BufferedImage> actionDifferent = new LinkedHashMap<>();
            if (renders) {
                for (PoseFamily other : otherActions) {
                    actionDifferent.put(other.id(), MiniRenderer.render(who, other, where, 32, 100 + i).image());
                }
            }
            out.add(new ActionExamples.Exemplar(r.image(), Captions.template(who.text(), where), r.skeletonMap(),
                    actionDifferent));
        }
        return new ActionExamples(action.id(), action.description(), out,
                otherActions.stream().map(PoseFamily::description).toList());
    }
}

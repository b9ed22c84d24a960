package org.actionbench.baselines;

import java.util.ArrayList;
import java.util.List;
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
        SceneKind[] scenes = {SceneKind.PARK, SceneKind.BEACH, SceneKind.SNOW, SceneKind.CITY};
        List<ActionExamples.Exemplar> out = new ArrayList<>();
        for (int i = 0; i < exemplars; i++) {
            CastMember who = Cast.EXEMPLAR_HUMANS.get(i);
            SceneKind where = scenes[i % scenes.length];
            Render r = MiniRenderer.render(who, action, where, 32, 100 + i);
            out.add(new ActionExamples.Exemplar(r.image(), Captions.template(who.text(), where), r.skeletonMap()));
        }
        // Two other actions keep ADI's action-different pool small.
        List<String> others = new ArrayList<>();
        for (PoseFamily f : PoseFamily.values()) {
            if (f != action && others.size() < 2) {
                others.add(f.description());
            }
        }
        return new ActionExamples(action.id(), action.description(), out, others);
    }
}

package org.actionbench.mini.world;

import java.awt.Graphics2D;

/**
 * Draws an articulated character from its keypoints: limbs as round-capped thick strokes (capsules), a torso
 * between shoulders and hips, a neck and a head, dressed by its {@link Appearance}. Everything is placed from
 * the keypoints and sized from the pose's standing height, so any pose of any family (or a user's skeleton)
 * can be drawn on any character. Expects a Graphics2D whose user space is the unit square of the image.
 *
 * <p>The work is split by what is painted: {@link LimbPainter} (limbs, torso, shadow), {@link HumanPainter}
 * (a person's composition and head), {@link CostumePainter} (cape, skirt, headwear), {@link AnimalPainter}
 * (animals), all on the shared geometry of {@link BodyPainter}.
 *
 * <p>Head details are drawn in a head frame: origin at the head centre, unit = head radius, "up" along the
 * neck-to-head direction, +x towards the face in a profile view; so hats stay on heads that are upside down
 * (handstand) or pointing forward (bow).
 */
final class BodyRenderer {
    private BodyRenderer() {
    }

    static void draw(Graphics2D g, Pose pose, Appearance look) {
        new LimbPainter(g, pose).shadow();
        if (look instanceof HumanLook human) {
            new HumanPainter(g, pose).paint(human);
        } else if (look instanceof Species species) {
            new AnimalPainter(g, pose).paint(species);
        }
    }
}

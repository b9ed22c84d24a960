package org.actionbench.mini.world;

/**
 * A placed body: its keypoints in normalised image coordinates, plus what a drawing needs that keypoints
 * alone do not say. {@code height} is the body's standing height (feet to top of head) in image units, which
 * sets limb thickness and head size; {@code facing} is +1 when the character faces the image's right, −1 for
 * its left (in a front view it only decides on which side an animal's tail shows).
 */
public record Pose(Keypoints keypoints, double height, View view, int facing) {
    public Pose {
        if (!(height > 0) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("pose height must be positive, got " + height);
        }
        if (facing != 1 && facing != -1) {
            throw new IllegalArgumentException("pose facing must be +1 or -1, got " + facing);
        }
    }

    /**
     * A pose for keypoints given from outside (a user's skeleton): the height is inferred from the torso
     * (neck to mid-hip is 0.30 of the standing height in our proportions), drawn as a front view.
     */
    public static Pose of(Keypoints k) {
        double hx = (k.x(Joint.RIGHT_HIP) + k.x(Joint.LEFT_HIP)) / 2;
        double hy = (k.y(Joint.RIGHT_HIP) + k.y(Joint.LEFT_HIP)) / 2;
        double torso = Math.hypot(k.x(Joint.NECK) - hx, k.y(Joint.NECK) - hy);
        if (!(torso > 1e-6)) {
            throw new IllegalArgumentException("keypoints have the neck on the hips; cannot infer a body size");
        }
        return new Pose(k, torso / BodyProportions.TORSO, View.FRONT, 1);
    }
}

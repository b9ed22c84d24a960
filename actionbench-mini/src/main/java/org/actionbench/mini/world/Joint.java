package org.actionbench.mini.world;

/**
 * The 14 body keypoints of ActionBench-Mini, in OpenPose's body order (its first 14 points; the eyes and
 * ears it adds are left out because a 64×64 character has no room for them). {@link #NOSE} stands for the
 * head: it is the centre of the drawn head. "Right" is the character's own right, so in a front view the
 * right side is on the image's left, as OpenPose labels people facing the camera.
 */
public enum Joint {
    NOSE, NECK,
    RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST,
    LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST,
    RIGHT_HIP, RIGHT_KNEE, RIGHT_ANKLE,
    LEFT_HIP, LEFT_KNEE, LEFT_ANKLE;

    /** The same joint on the other side of the body (itself for the midline joints). */
    public Joint mirrored() {
        return switch (this) {
            case NOSE, NECK -> this;
            case RIGHT_SHOULDER -> LEFT_SHOULDER;
            case RIGHT_ELBOW -> LEFT_ELBOW;
            case RIGHT_WRIST -> LEFT_WRIST;
            case LEFT_SHOULDER -> RIGHT_SHOULDER;
            case LEFT_ELBOW -> RIGHT_ELBOW;
            case LEFT_WRIST -> RIGHT_WRIST;
            case RIGHT_HIP -> LEFT_HIP;
            case RIGHT_KNEE -> LEFT_KNEE;
            case RIGHT_ANKLE -> LEFT_ANKLE;
            case LEFT_HIP -> RIGHT_HIP;
            case LEFT_KNEE -> RIGHT_KNEE;
            case LEFT_ANKLE -> RIGHT_ANKLE;
        };
    }
}

package org.actionbench.mini.world;

import java.util.List;

/**
 * The bones between {@link Joint}s, in OpenPose's limb order ({@code limbSeq} of the ControlNet annotator,
 * restricted to the 14 joints we keep). A bone's index is also its colour index in
 * {@link SkeletonMap#OPENPOSE_COLORS}, which is why the order must not change.
 */
public final class Skeleton {
    /** A bone drawn from {@code from} to {@code to}. */
    public record Bone(Joint from, Joint to) {
    }

    public static final List<Bone> BONES = List.of(
            new Bone(Joint.NECK, Joint.RIGHT_SHOULDER),
            new Bone(Joint.NECK, Joint.LEFT_SHOULDER),
            new Bone(Joint.RIGHT_SHOULDER, Joint.RIGHT_ELBOW),
            new Bone(Joint.RIGHT_ELBOW, Joint.RIGHT_WRIST),
            new Bone(Joint.LEFT_SHOULDER, Joint.LEFT_ELBOW),
            new Bone(Joint.LEFT_ELBOW, Joint.LEFT_WRIST),
            new Bone(Joint.NECK, Joint.RIGHT_HIP),
            new Bone(Joint.RIGHT_HIP, Joint.RIGHT_KNEE),
            new Bone(Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE),
            new Bone(Joint.NECK, Joint.LEFT_HIP),
            new Bone(Joint.LEFT_HIP, Joint.LEFT_KNEE),
            new Bone(Joint.LEFT_KNEE, Joint.LEFT_ANKLE),
            new Bone(Joint.NECK, Joint.NOSE));

    public static final int JOINT_COUNT = Joint.values().length;

    private Skeleton() {
    }
}

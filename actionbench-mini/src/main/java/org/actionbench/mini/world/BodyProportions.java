package org.actionbench.mini.world;

import java.util.Random;

/**
 * Segment lengths of a body as fractions of its standing height (feet to top of head), roughly an adult's
 * canon: ankle to hip 0.47, hip to neck 0.30, neck to head centre 0.105, head radius about 0.08. Each body
 * gets its own lengths jittered a few percent, the "individual" part of the natural variation.
 */
record BodyProportions(double torso, double shoulderHalf, double hipHalf, double upperArm, double forearm,
                       double thigh, double shin, double neckToHead) {
    static final double TORSO = 0.30;
    static final double SHOULDER_HALF = 0.105;
    static final double HIP_HALF = 0.06;
    static final double UPPER_ARM = 0.165;
    static final double FOREARM = 0.155;
    static final double THIGH = 0.235;
    static final double SHIN = 0.235;
    static final double NECK_TO_HEAD = 0.105;

    static final BodyProportions CANON = new BodyProportions(TORSO, SHOULDER_HALF, HIP_HALF, UPPER_ARM, FOREARM,
            THIGH, SHIN, NECK_TO_HEAD);

    /** The canon with each length scaled by its own factor in [1 − spread, 1 + spread]. */
    static BodyProportions sample(Random rnd, double spread) {
        return new BodyProportions(
                TORSO * factor(rnd, spread), SHOULDER_HALF * factor(rnd, spread), HIP_HALF * factor(rnd, spread),
                UPPER_ARM * factor(rnd, spread), FOREARM * factor(rnd, spread),
                THIGH * factor(rnd, spread), SHIN * factor(rnd, spread), NECK_TO_HEAD * factor(rnd, spread));
    }

    private static double factor(Random rnd, double spread) {
        return 1 + spread * (2 * rnd.nextDouble() - 1);
    }
}

package org.actionbench.mini.world;

/**
 * A body's posture as the direction of each segment, in degrees, in a body frame with x to the right and y
 * down. A direction θ points along (sin θ, cos θ): 0 is straight down, 90 to the image's right (the way a
 * profile faces), 180 straight up, 270 (or −90) to the image's left. The spine is the direction from the
 * mid-hip to the neck, the head the direction from the neck to the head centre; limbs run from the body
 * outwards (upper arm: shoulder to elbow, lower: elbow to wrist; thigh: hip to knee, shin: knee to ankle).
 * Absolute rather than relative angles make each action's definition read as what the picture shows.
 */
record Posture(View view, double spine, double head,
               double rightUpperArm, double rightForearm, double leftUpperArm, double leftForearm,
               double rightThigh, double rightShin, double leftThigh, double leftShin) {

    /** Keypoints in the body frame (mid-hip at the origin, unit = standing height), facing right. */
    Keypoints solve(BodyProportions p) {
        double[] xy = new double[2 * Skeleton.JOINT_COUNT];
        double[] s = dir(spine);
        double neckX = s[0] * p.torso();
        double neckY = s[1] * p.torso();
        // The lateral axis: in a front view the body's left is always towards the image's right, so a
        // handstand keeps the right arm on the image's left; in a profile both sides nearly coincide.
        double lx = -s[1];
        double ly = s[0];
        if (lx < 0) {
            lx = -lx;
            ly = -ly;
        }
        double shoulder = view == View.FRONT ? p.shoulderHalf() : 0.012;
        double hip = view == View.FRONT ? p.hipHalf() : 0.01;
        // Shoulders sit a little below the neck point, towards the hips.
        double drop = 0.02;
        set(xy, Joint.NECK, neckX, neckY);
        double[] h = dir(head);
        set(xy, Joint.NOSE, neckX + h[0] * p.neckToHead(), neckY + h[1] * p.neckToHead());
        double rsx = neckX - s[0] * drop - lx * shoulder;
        double rsy = neckY - s[1] * drop - ly * shoulder;
        double lsx = neckX - s[0] * drop + lx * shoulder;
        double lsy = neckY - s[1] * drop + ly * shoulder;
        limb(xy, Joint.RIGHT_SHOULDER, Joint.RIGHT_ELBOW, Joint.RIGHT_WRIST, rsx, rsy,
                rightUpperArm, p.upperArm(), rightForearm, p.forearm());
        limb(xy, Joint.LEFT_SHOULDER, Joint.LEFT_ELBOW, Joint.LEFT_WRIST, lsx, lsy,
                leftUpperArm, p.upperArm(), leftForearm, p.forearm());
        limb(xy, Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE, -lx * hip, -ly * hip,
                rightThigh, p.thigh(), rightShin, p.shin());
        limb(xy, Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE, lx * hip, ly * hip,
                leftThigh, p.thigh(), leftShin, p.shin());
        return Keypoints.of(xy);
    }

    private static void limb(double[] xy, Joint root, Joint mid, Joint end, double x, double y,
                             double upperDeg, double upperLen, double lowerDeg, double lowerLen) {
        set(xy, root, x, y);
        double[] u = dir(upperDeg);
        double mx = x + u[0] * upperLen;
        double my = y + u[1] * upperLen;
        set(xy, mid, mx, my);
        double[] l = dir(lowerDeg);
        set(xy, end, mx + l[0] * lowerLen, my + l[1] * lowerLen);
    }

    private static void set(double[] xy, Joint j, double x, double y) {
        xy[2 * j.ordinal()] = x;
        xy[2 * j.ordinal() + 1] = y;
    }

    static double[] dir(double degrees) {
        double r = Math.toRadians(degrees);
        return new double[] {Math.sin(r), Math.cos(r)};
    }
}

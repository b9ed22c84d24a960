package org.actionbench.mini.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;

/**
 * Limbs and torso, the same for people and animals: arms and legs as round-capped strokes (capsules) with
 * hands and feet, the torso between shoulders and hips with an optional striped pattern, and the shadow on
 * the ground under the lowest joints.
 */
final class LimbPainter extends BodyPainter {
    LimbPainter(Graphics2D g, Pose pose) {
        super(g, pose);
    }

    void shadow() {
        double lowest = Double.NEGATIVE_INFINITY;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (Joint j : Joint.values()) {
            lowest = Math.max(lowest, k.y(j));
        }
        for (Joint j : Joint.values()) {
            if (k.y(j) > lowest - 0.08 * h) {
                minX = Math.min(minX, k.x(j));
                maxX = Math.max(maxX, k.x(j));
            }
        }
        double w = (maxX - minX) + 0.22 * h;
        double y = lowest + 0.03 * h;
        g.setColor(new Color(0, 0, 0, 45));
        g.fill(new Ellipse2D.Double((minX + maxX) / 2 - w / 2, y - 0.025 * h, w, 0.05 * h));
    }

    void arm(boolean right, Color upper, Color lower, Color hand, double w) {
        Joint sh = right ? Joint.RIGHT_SHOULDER : Joint.LEFT_SHOULDER;
        Joint el = right ? Joint.RIGHT_ELBOW : Joint.LEFT_ELBOW;
        Joint wr = right ? Joint.RIGHT_WRIST : Joint.LEFT_WRIST;
        capsule(lower, w, k.x(el), k.y(el), k.x(wr), k.y(wr));
        capsule(upper, w * 1.08, k.x(sh), k.y(sh), k.x(el), k.y(el));
        double[] d = unit(k.x(wr) - k.x(el), k.y(wr) - k.y(el));
        g.setColor(hand);
        g.fill(circleAt(new double[] {k.x(wr) + d[0] * 0.015 * h, k.y(wr) + d[1] * 0.015 * h}, 0.034 * h));
    }

    void leg(boolean right, Color thigh, Color shin, Color foot, double w) {
        Joint hp = right ? Joint.RIGHT_HIP : Joint.LEFT_HIP;
        Joint kn = right ? Joint.RIGHT_KNEE : Joint.LEFT_KNEE;
        Joint an = right ? Joint.RIGHT_ANKLE : Joint.LEFT_ANKLE;
        double[] d = unit(k.x(an) - k.x(kn), k.y(an) - k.y(kn));
        // A foot: in a profile it points the way the character faces, square to the shin; in a front view
        // it is a short stub continuing the shin.
        double fx;
        double fy;
        if (profile) {
            double[] n = {-d[1], d[0]};
            if (n[0] * pose.facing() < 0 || (n[0] == 0 && n[1] > 0)) {
                n = new double[] {-n[0], -n[1]};
            }
            fx = k.x(an) + n[0] * 0.06 * h;
            fy = k.y(an) + n[1] * 0.06 * h;
        } else {
            fx = k.x(an) + d[0] * 0.025 * h;
            fy = k.y(an) + d[1] * 0.025 * h;
        }
        capsule(shin, w * 0.92, k.x(kn), k.y(kn), k.x(an), k.y(an));
        capsule(thigh, w, k.x(hp), k.y(hp), k.x(kn), k.y(kn));
        capsule(foot, 0.05 * h, k.x(an), k.y(an), fx, fy);
    }

    /** Fills the torso and returns its outline (for patterns). */
    Shape torso(Color c, double build, double limbW) {
        double[] hip = hipMid();
        double sx = (k.x(Joint.RIGHT_SHOULDER) + k.x(Joint.LEFT_SHOULDER)) / 2;
        double sy = (k.y(Joint.RIGHT_SHOULDER) + k.y(Joint.LEFT_SHOULDER)) / 2;
        Path2D.Double quad = new Path2D.Double();
        quad.moveTo(k.x(Joint.RIGHT_SHOULDER), k.y(Joint.RIGHT_SHOULDER));
        quad.lineTo(k.x(Joint.LEFT_SHOULDER), k.y(Joint.LEFT_SHOULDER));
        quad.lineTo(k.x(Joint.LEFT_HIP), k.y(Joint.LEFT_HIP));
        quad.lineTo(k.x(Joint.RIGHT_HIP), k.y(Joint.RIGHT_HIP));
        quad.closePath();
        Area area = new Area(quad);
        area.add(new Area(new BasicStroke((float) (limbW * 1.1), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                .createStrokedShape(quad)));
        double core = (profile ? 0.14 : 0.15) * h * build;
        area.add(new Area(new BasicStroke((float) core, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                .createStrokedShape(new Line2D.Double(sx, sy, hip[0], hip[1]))));
        g.setColor(c);
        g.fill(area);
        return area;
    }

    void stripes(Shape torso, Color c) {
        Shape clip = g.getClip();
        g.clip(torso);
        double[] hip = hipMid();
        double[] neck = {k.x(Joint.NECK), k.y(Joint.NECK)};
        double[] s = unit(neck[0] - hip[0], neck[1] - hip[1]);
        double len = Math.hypot(neck[0] - hip[0], neck[1] - hip[1]);
        g.setColor(c);
        g.setStroke(new BasicStroke((float) (0.036 * h), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        for (double t = -0.05 * h; t < len + 0.1 * h; t += 0.075 * h) {
            double cx = hip[0] + s[0] * t;
            double cy = hip[1] + s[1] * t;
            g.draw(new Line2D.Double(cx - s[1] * 0.4 * h, cy + s[0] * 0.4 * h, cx + s[1] * 0.4 * h, cy - s[0] * 0.4 * h));
        }
        g.setClip(clip);
    }
}

package org.actionbench.mini.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;

/**
 * What every painter of a body shares: the pose being drawn (its keypoints, standing height, view and which
 * side is near) on a Graphics2D whose user space is the unit square of the image, and the geometry they all
 * build shapes with. The painters split {@link BodyRenderer}'s work by what they paint.
 */
abstract class BodyPainter {
    static final Color EYE = new Color(30, 25, 25);

    final Graphics2D g;
    final Pose pose;
    final Keypoints k;
    final double h;
    final boolean profile;
    /** Which side is nearer the camera in a profile view (drawn last, full colour). */
    final boolean rightNear;

    BodyPainter(Graphics2D g, Pose pose) {
        this.g = g;
        this.pose = pose;
        this.k = pose.keypoints();
        this.h = pose.height();
        this.profile = pose.view() == View.PROFILE;
        // A profile pose is generated facing right with its right side near; mirroring swaps the labels.
        this.rightNear = pose.facing() > 0;
    }

    /** The unit vector across the spine {@code s} that points to the image's right when the body is upright. */
    static double[] lateral(double[] s) {
        double[] l = {-s[1], s[0]};
        return l[0] < 0 || (l[0] == 0 && l[1] > 0) ? new double[] {-l[0], -l[1]} : l;
    }

    /** Moves user space into the head frame; the caller restores the transform. */
    void headFrame(double r) {
        double ux = k.x(Joint.NOSE) - k.x(Joint.NECK);
        double uy = k.y(Joint.NOSE) - k.y(Joint.NECK);
        double phi = Math.atan2(ux, -uy);
        g.translate(k.x(Joint.NOSE), k.y(Joint.NOSE));
        g.rotate(phi);
        g.scale(r, r);
        if (profile && pose.facing() < 0) {
            g.scale(-1, 1);
        }
    }

    double[] hipMid() {
        return new double[] {(k.x(Joint.RIGHT_HIP) + k.x(Joint.LEFT_HIP)) / 2, (k.y(Joint.RIGHT_HIP) + k.y(Joint.LEFT_HIP)) / 2};
    }

    void capsule(Color c, double w, double x1, double y1, double x2, double y2) {
        g.setColor(c);
        g.setStroke(new BasicStroke((float) w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    static Ellipse2D circle(double x, double y, double r) {
        return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
    }

    static Ellipse2D circleAt(double[] p, double r) {
        return circle(p[0], p[1], r);
    }

    static double[] unit(double x, double y) {
        double n = Math.hypot(x, y);
        return n < 1e-12 ? new double[] {0, 1} : new double[] {x / n, y / n};
    }

    static Color shade(Color c, double f) {
        return new Color((int) Math.round(c.getRed() * f), (int) Math.round(c.getGreen() * f),
                (int) Math.round(c.getBlue() * f), c.getAlpha());
    }
}

package org.actionbench.mini.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;

/** An animal standing in for a person: tail, limbs and torso with fur patterns, and a species' head. */
final class AnimalPainter extends BodyPainter {
    private static final Color PINK = new Color(240, 150, 160);

    private final LimbPainter limbs;

    AnimalPainter(Graphics2D g, Pose pose) {
        super(g, pose);
        this.limbs = new LimbPainter(g, pose);
    }

    void paint(Species a) {
        double armW = 0.078 * h * a.build;
        double legW = 0.092 * h * a.build;
        tail(a);
        if (profile) {
            boolean far = !rightNear;
            Color dim = shade(a.limbs, 0.8);
            limbs.arm(far, dim, dim, dim, armW);
            limbs.leg(far, dim, dim, shade(dim, 0.85), legW);
            limbs.leg(rightNear, a.limbs, a.limbs, shade(a.limbs, 0.85), legW);
        } else {
            limbs.leg(true, a.limbs, a.limbs, shade(a.limbs, 0.85), legW);
            limbs.leg(false, a.limbs, a.limbs, shade(a.limbs, 0.85), legW);
        }
        Shape torso = limbs.torso(a.body, a.build * 1.05, armW);
        if (a.stripes != null) {
            limbs.stripes(torso, a.stripes);
        }
        if (a == Species.PANDA) {
            // The panda's black band over the shoulders.
            capsule(a.limbs, 0.09 * h, k.x(Joint.RIGHT_SHOULDER), k.y(Joint.RIGHT_SHOULDER),
                    k.x(Joint.LEFT_SHOULDER), k.y(Joint.LEFT_SHOULDER));
        }
        if (profile) {
            limbs.arm(rightNear, a.limbs, a.limbs, shade(a.limbs, 0.85), armW);
        } else {
            limbs.arm(true, a.limbs, a.limbs, shade(a.limbs, 0.85), armW);
            limbs.arm(false, a.limbs, a.limbs, shade(a.limbs, 0.85), armW);
        }
        if (a.stripes != null) {
            limbStripes(a.stripes, armW, legW);
        }
        capsule(a.head, 0.08 * h, k.x(Joint.NECK), k.y(Joint.NECK), k.x(Joint.NOSE), k.y(Joint.NOSE));
        animalHead(a, 0.097 * h);
    }

    private void animalHead(Species a, double r) {
        AffineTransform saved = g.getTransform();
        headFrame(r);
        Color ear = a.earColour;
        switch (a.ears) {
            case ROUND -> {
                g.setColor(ear);
                if (profile) {
                    g.fill(circle(-0.45, -0.85, 0.4));
                    g.fill(circle(0.15, -0.95, 0.36));
                } else {
                    g.fill(circle(-0.72, -0.72, 0.4));
                    g.fill(circle(0.72, -0.72, 0.4));
                }
            }
            case POINTED -> {
                for (double side : profile ? new double[] {-0.45, 0.15} : new double[] {-1, 1}) {
                    double cx = profile ? side : side * 0.55;
                    g.setColor(ear);
                    g.fill(triangle(cx - 0.42, -0.55, cx + 0.42, -0.55, cx + (profile ? 0 : side * 0.12), -1.65));
                    g.setColor(PINK);
                    g.fill(triangle(cx - 0.2, -0.72, cx + 0.2, -0.72, cx + (profile ? 0 : side * 0.07), -1.35));
                }
            }
            case LONG -> {
                for (double side : profile ? new double[] {-0.55, -0.1} : new double[] {-1, 1}) {
                    AffineTransform t = g.getTransform();
                    double cx = profile ? side : side * 0.4;
                    g.rotate(Math.toRadians(profile ? -12 : side * 10), cx, -0.8);
                    g.setColor(ear);
                    g.fill(new Ellipse2D.Double(cx - 0.3, -2.6, 0.6, 2.0));
                    g.setColor(PINK);
                    g.fill(new Ellipse2D.Double(cx - 0.14, -2.35, 0.28, 1.5));
                    g.setTransform(t);
                }
            }
            default -> {
            }
        }
        g.setColor(a.head);
        g.fill(circle(0, 0, 1));
        if (a == Species.PANDA) {
            g.setColor(new Color(30, 30, 30));
            if (profile) {
                g.fill(new Ellipse2D.Double(0.2, -0.4, 0.55, 0.65));
            } else {
                g.fill(rotated(new Ellipse2D.Double(-0.7, -0.38, 0.52, 0.7), 25, -0.44, -0.03));
                g.fill(rotated(new Ellipse2D.Double(0.18, -0.38, 0.52, 0.7), -25, 0.44, -0.03));
            }
        }
        if (a.stripes != null) {
            g.setColor(a.stripes);
            g.setStroke(new BasicStroke(0.16f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (double x : new double[] {-0.35, 0, 0.35}) {
                g.draw(new Line2D.Double(x * 0.9, -0.98, x * 0.7, -0.6));
            }
            g.draw(new Line2D.Double(-0.98, 0.0, -0.6, 0.08));
            g.draw(new Line2D.Double(0.98, 0.0, 0.6, 0.08));
        }
        if (a.muzzle != null) {
            g.setColor(a.muzzle);
            if (a == Species.MONKEY) {
                g.fill(profile ? new Ellipse2D.Double(-0.2, -0.55, 1.35, 1.35) : new Ellipse2D.Double(-0.72, -0.55, 1.44, 1.35));
            } else {
                g.fill(profile ? new Ellipse2D.Double(0.35, -0.05, 0.95, 0.7) : new Ellipse2D.Double(-0.5, 0.05, 1.0, 0.72));
            }
        }
        if (a.ears == Species.Ears.FLOPPY) {
            g.setColor(ear);
            if (profile) {
                g.fill(rotated(new Ellipse2D.Double(-0.75, -0.75, 0.6, 1.35), 15, -0.45, -0.1));
            } else {
                g.fill(rotated(new Ellipse2D.Double(-1.25, -0.75, 0.6, 1.4), 15, -0.95, -0.1));
                g.fill(rotated(new Ellipse2D.Double(0.65, -0.75, 0.6, 1.4), -15, 0.95, -0.1));
            }
        } else if (a.ears == Species.Ears.SIDE) {
            for (double x : profile ? new double[] {-0.25} : new double[] {-1.0, 1.0}) {
                g.setColor(a.head);
                g.fill(circle(x, -0.1, 0.36));
                g.setColor(ear);
                g.fill(circle(x, -0.1, 0.2));
            }
        }
        Color eye = a == Species.PANDA ? new Color(235, 235, 235) : EYE;
        g.setColor(eye);
        if (profile) {
            g.fill(circle(a == Species.PANDA ? 0.48 : 0.45, -0.15, 0.15));
        } else {
            g.fill(circle(-0.38, -0.12, 0.15));
            g.fill(circle(0.38, -0.12, 0.15));
        }
        g.setColor(a == Species.CAT || a == Species.RABBIT ? PINK : EYE);
        g.fill(profile ? circle(1.2, 0.15, 0.18) : circle(0, 0.22, 0.19));
        g.setTransform(saved);
    }

    private void tail(Species a) {
        double[] hip = hipMid();
        double[] neck = {k.x(Joint.NECK), k.y(Joint.NECK)};
        double[] up = unit(neck[0] - hip[0], neck[1] - hip[1]);
        // "Back" is across the spine, away from the way the character faces (to one side in a front view).
        double[] across = lateral(up);
        double[] back = {-across[0] * pose.facing(), -across[1] * pose.facing()};
        double bx = hip[0] + back[0] * 0.04 * h;
        double by = hip[1] + back[1] * 0.04 * h;
        java.util.function.BiFunction<Double, Double, double[]> local =
                (b, u) -> new double[] {bx + (back[0] * b + up[0] * u) * h, by + (back[1] * b + up[1] * u) * h};
        switch (a.tail) {
            case STUB -> {
                double[] p = local.apply(0.03, 0.0);
                g.setColor(a.limbs);
                g.fill(circleAt(p, 0.04 * h));
            }
            case PUFF -> {
                double[] p = local.apply(0.04, 0.02);
                g.setColor(Color.WHITE);
                g.fill(circleAt(p, 0.05 * h));
            }
            default -> {
                double[][] c = switch (a.tail) {
                    case LONG_UP -> new double[][] {{0, 0}, {0.2, 0.0}, {0.24, 0.2}, {0.16, 0.32}};
                    case LONG_DOWN -> new double[][] {{0, 0}, {0.2, -0.08}, {0.3, -0.2}, {0.34, -0.06}};
                    case WAG -> new double[][] {{0, 0}, {0.1, 0.04}, {0.18, 0.1}, {0.16, 0.22}};
                    default -> new double[][] {{0, 0}, {0.22, -0.06}, {0.32, 0.16}, {0.2, 0.22}};
                };
                double[] p0 = local.apply(c[0][0], c[0][1]);
                double[] p1 = local.apply(c[1][0], c[1][1]);
                double[] p2 = local.apply(c[2][0], c[2][1]);
                double[] p3 = local.apply(c[3][0], c[3][1]);
                CubicCurve2D.Double curve = new CubicCurve2D.Double(p0[0], p0[1], p1[0], p1[1], p2[0], p2[1], p3[0], p3[1]);
                double w = (a == Species.MONKEY || a == Species.CAT ? 0.032 : 0.042) * h;
                g.setColor(a.limbs);
                g.setStroke(new BasicStroke((float) w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(curve);
                if (a.stripes != null) {
                    g.setColor(a.stripes);
                    g.setStroke(new BasicStroke((float) w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                            new float[] {(float) (0.035 * h), (float) (0.05 * h)}, 0f));
                    g.draw(curve);
                }
                if (a == Species.MONKEY) {
                    g.setStroke(new BasicStroke((float) w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                    g.setColor(a.limbs);
                    double[] q = local.apply(0.14, 0.17);
                    g.draw(new Arc2D.Double(q[0] - 0.04 * h, q[1] - 0.04 * h, 0.08 * h, 0.08 * h, 0, 300, Arc2D.OPEN));
                }
            }
        }
    }

    private void limbStripes(Color c, double armW, double legW) {
        g.setColor(c);
        g.setStroke(new BasicStroke((float) (0.022 * h), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        Joint[][] segments = {
                {Joint.RIGHT_SHOULDER, Joint.RIGHT_ELBOW}, {Joint.RIGHT_ELBOW, Joint.RIGHT_WRIST},
                {Joint.LEFT_SHOULDER, Joint.LEFT_ELBOW}, {Joint.LEFT_ELBOW, Joint.LEFT_WRIST},
                {Joint.RIGHT_HIP, Joint.RIGHT_KNEE}, {Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE},
                {Joint.LEFT_HIP, Joint.LEFT_KNEE}, {Joint.LEFT_KNEE, Joint.LEFT_ANKLE}};
        for (Joint[] s : segments) {
            double w = (s[0] == Joint.RIGHT_HIP || s[0] == Joint.LEFT_HIP || s[0] == Joint.RIGHT_KNEE
                    || s[0] == Joint.LEFT_KNEE ? legW : armW) * 0.5;
            double x1 = k.x(s[0]);
            double y1 = k.y(s[0]);
            double[] d = unit(k.x(s[1]) - x1, k.y(s[1]) - y1);
            double len = Math.hypot(k.x(s[1]) - x1, k.y(s[1]) - y1);
            for (double t : new double[] {0.4, 0.75}) {
                double cx = x1 + (k.x(s[1]) - x1) * t;
                double cy = y1 + (k.y(s[1]) - y1) * t;
                if (len > 0) {
                    g.draw(new Line2D.Double(cx - d[1] * w, cy + d[0] * w, cx + d[1] * w, cy - d[0] * w));
                }
            }
        }
    }

    private static Shape triangle(double x1, double y1, double x2, double y2, double x3, double y3) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x1, y1);
        p.lineTo(x2, y2);
        p.lineTo(x3, y3);
        p.closePath();
        return p;
    }

    private static Shape rotated(Shape s, double degrees, double cx, double cy) {
        return AffineTransform.getRotateInstance(Math.toRadians(degrees), cx, cy).createTransformedShape(s);
    }
}

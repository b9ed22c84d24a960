package org.actionbench.mini.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Draws an articulated character from its keypoints: limbs as round-capped thick strokes (capsules), a torso
 * between shoulders and hips, a neck and a head, dressed by its {@link Appearance}. Everything is placed from
 * the keypoints and sized from the pose's standing height, so any pose of any family (or a user's skeleton)
 * can be drawn on any character. Expects a Graphics2D whose user space is the unit square of the image.
 *
 * <p>Head details are drawn in a head frame: origin at the head centre, unit = head radius, "up" along the
 * neck-to-head direction, +x towards the face in a profile view; so hats stay on heads that are upside down
 * (handstand) or pointing forward (bow).
 */
final class BodyRenderer {
    private static final Color EYE = new Color(30, 25, 25);
    private static final Color PINK = new Color(240, 150, 160);

    private final Graphics2D g;
    private final Pose pose;
    private final Keypoints k;
    private final double h;
    private final boolean profile;
    /** Which side is nearer the camera in a profile view (drawn last, full colour). */
    private final boolean rightNear;

    private BodyRenderer(Graphics2D g, Pose pose) {
        this.g = g;
        this.pose = pose;
        this.k = pose.keypoints();
        this.h = pose.height();
        this.profile = pose.view() == View.PROFILE;
        // A profile pose is generated facing right with its right side near; mirroring swaps the labels.
        this.rightNear = pose.facing() > 0;
    }

    static void draw(Graphics2D g, Pose pose, Appearance look) {
        BodyRenderer r = new BodyRenderer(g, pose);
        r.shadow();
        if (look instanceof HumanLook human) {
            r.human(human);
        } else if (look instanceof Species species) {
            r.animal(species);
        }
    }

    // ----- people -----

    private void human(HumanLook a) {
        double build = a.build();
        double armW = 0.062 * h * build;
        double legW = 0.08 * h * build;
        Color sleeve = a.top();
        Color forearm = a.longSleeves() ? a.top() : a.skin();
        Color thigh = a.bottomStyle() == HumanLook.BottomStyle.DRESS ? a.skin() : a.bottom();
        Color shin = a.bottomStyle() == HumanLook.BottomStyle.TROUSERS ? a.bottom() : a.skin();
        if (a.cape() != null) {
            cape(a.cape());
        }
        // Far-side limbs first (profile) so the near ones overlap them; in a front view the order is legs,
        // torso, arms, which reads as arms in front of the body.
        if (profile) {
            boolean far = !rightNear;
            arm(far, shade(sleeve, 0.8), shade(forearm, 0.8), shade(a.skin(), 0.8), armW);
            leg(far, shade(thigh, 0.8), shade(shin, 0.8), shade(a.shoes(), 0.8), legW);
            leg(rightNear, thigh, shin, a.shoes(), legW);
        } else {
            leg(true, thigh, shin, a.shoes(), legW);
            leg(false, thigh, shin, a.shoes(), legW);
        }
        Shape torso = torso(a.top(), build, armW);
        if (a.stripedTop()) {
            stripes(torso, a.stripes());
        }
        if (a.bottomStyle() == HumanLook.BottomStyle.SKIRT || a.bottomStyle() == HumanLook.BottomStyle.DRESS) {
            skirt(a.bottom(), a.bottomStyle() == HumanLook.BottomStyle.DRESS ? 0.9 : 0.6, build);
        }
        if (profile) {
            arm(rightNear, sleeve, forearm, a.skin(), armW);
        } else {
            arm(true, sleeve, forearm, a.skin(), armW);
            arm(false, sleeve, forearm, a.skin(), armW);
        }
        capsule(a.skin(), 0.055 * h, k.x(Joint.NECK), k.y(Joint.NECK), k.x(Joint.NOSE), k.y(Joint.NOSE));
        double headR = 0.082 * h * (a.stature() < 0.9 ? 1.12 : 1.0);
        humanHead(a, headR);
    }

    private void humanHead(HumanLook a, double r) {
        AffineTransform saved = g.getTransform();
        headFrame(r);
        boolean helmet = a.headwear() == HumanLook.Headwear.SPACE_HELMET
                || a.headwear() == HumanLook.Headwear.KNIGHT_HELMET;
        if (!helmet) {
            g.setColor(a.hair());
            switch (a.hairStyle()) {
                case LONG -> g.fill(profile
                        ? new RoundRectangle2D.Double(-1.35, -1.1, 1.9, 2.7, 1.2, 1.2)
                        : new RoundRectangle2D.Double(-1.18, -1.1, 2.36, 2.75, 1.3, 1.3));
                case PONYTAIL -> g.fill(profile
                        ? new Ellipse2D.Double(-1.7, -0.6, 0.9, 1.6)
                        : new Ellipse2D.Double(0.7, -0.7, 0.75, 1.7));
                case BUN -> g.fill(profile
                        ? new Ellipse2D.Double(-1.45, -1.35, 0.9, 0.9)
                        : new Ellipse2D.Double(-0.45, -1.6, 0.9, 0.9));
                default -> {
                }
            }
            g.setColor(a.skin());
            g.fill(circle(0, 0, 1));
            if (profile) {
                g.fill(circle(0.92, 0.1, 0.24));
            }
            if (a.hairStyle() != HumanLook.HairStyle.BALD) {
                g.setColor(a.hair());
                g.fill(profile ? new Arc2D.Double(-1.1, -1.1, 2.2, 2.2, 35, 215, Arc2D.CHORD)
                        : new Arc2D.Double(-1.1, -1.12, 2.2, 2.2, 12, 156, Arc2D.CHORD));
                if (a.hairStyle() == HumanLook.HairStyle.CURLY) {
                    for (int i = 0; i < 7; i++) {
                        double t = Math.toRadians(profile ? 60 + i * 27 : 10 + i * 26.7);
                        g.fill(circle(Math.cos(t) * 1.0, -Math.sin(t) * 1.0, 0.36));
                    }
                }
            }
            g.setColor(EYE);
            if (profile) {
                g.fill(circle(0.5, 0.0, 0.15));
            } else {
                g.fill(circle(-0.37, 0.05, 0.15));
                g.fill(circle(0.37, 0.05, 0.15));
            }
            if (a.beard() != null) {
                g.setColor(a.beard());
                // The chin and jaw only, so the face stays visible above it.
                g.fill(profile ? new Arc2D.Double(-1.05, -1.05, 2.1, 2.1, 250, 105, Arc2D.CHORD)
                        : new Arc2D.Double(-1.05, -1.02, 2.1, 2.1, 215, 110, Arc2D.CHORD));
            }
        }
        headwear(a);
        g.setTransform(saved);
    }

    private void headwear(HumanLook a) {
        Color c = a.headwearColor();
        switch (a.headwear()) {
            case NONE -> {
            }
            case CAP -> {
                g.setColor(c);
                g.fill(new Arc2D.Double(-1.1, -1.15, 2.2, 2.2, -5, 190, Arc2D.CHORD));
                g.fill(profile ? new Rectangle2D.Double(0.2, -0.3, 1.15, 0.26)
                        : new Rectangle2D.Double(-1.1, -0.32, 2.2, 0.3));
            }
            case BEANIE -> {
                g.setColor(c);
                g.fill(new Arc2D.Double(-1.15, -1.3, 2.3, 2.4, -10, 200, Arc2D.CHORD));
                g.setColor(Color.WHITE);
                g.fill(circle(0, -1.3, 0.32));
            }
            case CROWN -> {
                Path2D.Double crown = new Path2D.Double();
                crown.moveTo(-0.9, -0.55);
                crown.lineTo(0.9, -0.55);
                crown.lineTo(0.95, -1.75);
                crown.lineTo(0.48, -1.1);
                crown.lineTo(0, -1.9);
                crown.lineTo(-0.48, -1.1);
                crown.lineTo(-0.95, -1.75);
                crown.closePath();
                g.setColor(c);
                g.fill(crown);
                g.setColor(new Color(220, 20, 60));
                g.fill(circle(0, -0.85, 0.2));
            }
            case SPACE_HELMET -> {
                g.setColor(c);
                g.fill(circle(0, -0.05, 1.35));
                g.setColor(new Color(30, 55, 110));
                g.fill(profile ? new RoundRectangle2D.Double(-0.05, -0.6, 1.25, 1.0, 0.7, 0.7)
                        : new RoundRectangle2D.Double(-0.88, -0.6, 1.76, 1.0, 0.8, 0.8));
                g.setColor(new Color(160, 200, 240));
                g.fill(circle(profile ? 0.75 : 0.4, -0.35, 0.17));
            }
            case TOP_HAT -> {
                g.setColor(c);
                g.fill(new Rectangle2D.Double(-0.72, -2.45, 1.44, 1.6));
                g.fill(new Rectangle2D.Double(-1.2, -1.0, 2.4, 0.3));
                g.setColor(new Color(170, 30, 40));
                g.fill(new Rectangle2D.Double(-0.72, -1.25, 1.44, 0.25));
            }
            case CONE_HAT -> {
                Path2D.Double cone = new Path2D.Double();
                cone.moveTo(-0.95, -0.6);
                cone.lineTo(0.95, -0.6);
                cone.lineTo(0.2, -2.8);
                cone.closePath();
                g.setColor(c);
                g.fill(cone);
                g.setColor(new Color(255, 230, 90));
                g.fill(circle(0.2, -2.8, 0.3));
            }
            case KNIGHT_HELMET -> {
                g.setColor(new Color(215, 30, 40));
                g.fill(profile ? new Ellipse2D.Double(-1.1, -2.2, 0.9, 1.5) : new Ellipse2D.Double(-0.35, -2.35, 0.7, 1.4));
                g.setColor(c);
                g.fill(circle(0, -0.05, 1.22));
                g.setColor(new Color(40, 40, 45));
                g.fill(profile ? new Rectangle2D.Double(0.1, -0.25, 1.15, 0.22)
                        : new Rectangle2D.Double(-0.8, -0.25, 1.6, 0.22));
            }
        }
    }

    private void cape(Color c) {
        double[] hip = hipMid();
        double[] neck = {k.x(Joint.NECK), k.y(Joint.NECK)};
        double[] s = unit(neck[0] - hip[0], neck[1] - hip[1]);
        double[] l = lateral(s);
        double back = profile ? -pose.facing() : 0;
        // In the body frame: along the spine (s) and across it (l); the cape hangs from the shoulders to
        // below the knees and, in a profile, flows out behind.
        double topW = profile ? 0.05 : 0.12;
        double botW = profile ? 0.11 : 0.19;
        double[][] pts = {
                at(neck, s, l, -0.02, -topW + back * 0.02),
                at(neck, s, l, -0.02, topW + back * 0.02),
                at(hip, s, l, -0.28, botW + back * 0.16),
                at(hip, s, l, -0.3, back * 0.1),
                at(hip, s, l, -0.28, -botW + back * 0.16)};
        Path2D.Double p = new Path2D.Double();
        p.moveTo(pts[0][0], pts[0][1]);
        for (int i = 1; i < pts.length; i++) {
            p.lineTo(pts[i][0], pts[i][1]);
        }
        p.closePath();
        g.setColor(c);
        g.fill(p);
        g.setStroke(new BasicStroke((float) (0.03 * h), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(p);
    }

    private double[] at(double[] origin, double[] s, double[] l, double along, double across) {
        return new double[] {origin[0] + (s[0] * along + l[0] * across) * h, origin[1] + (s[1] * along + l[1] * across) * h};
    }

    /** The unit vector across the spine {@code s} that points to the image's right when the body is upright. */
    private static double[] lateral(double[] s) {
        double[] l = {-s[1], s[0]};
        return l[0] < 0 || (l[0] == 0 && l[1] > 0) ? new double[] {-l[0], -l[1]} : l;
    }

    private void skirt(Color c, double length, double build) {
        List<double[]> pts = new ArrayList<>();
        double[] hip = hipMid();
        double[] neck = {k.x(Joint.NECK), k.y(Joint.NECK)};
        double[] s = unit(neck[0] - hip[0], neck[1] - hip[1]);
        double[] l = {-s[1], s[0]};
        double w = (profile ? 0.055 : 0.085) * h * build;
        pts.add(new double[] {hip[0] + s[0] * 0.05 * h + l[0] * w, hip[1] + s[1] * 0.05 * h + l[1] * w});
        pts.add(new double[] {hip[0] + s[0] * 0.05 * h - l[0] * w, hip[1] + s[1] * 0.05 * h - l[1] * w});
        for (Joint[] leg : new Joint[][] {{Joint.RIGHT_HIP, Joint.RIGHT_KNEE}, {Joint.LEFT_HIP, Joint.LEFT_KNEE}}) {
            double x = k.x(leg[0]) + (k.x(leg[1]) - k.x(leg[0])) * length;
            double y = k.y(leg[0]) + (k.y(leg[1]) - k.y(leg[0])) * length;
            double[] d = unit(k.x(leg[1]) - k.x(leg[0]), k.y(leg[1]) - k.y(leg[0]));
            double spread = 0.085 * h * build;
            pts.add(new double[] {x + d[1] * spread, y - d[0] * spread});
            pts.add(new double[] {x - d[1] * spread, y + d[0] * spread});
        }
        g.setColor(c);
        g.fill(hull(pts));
    }

    // ----- animals -----

    private void animal(Species a) {
        double armW = 0.078 * h * a.build;
        double legW = 0.092 * h * a.build;
        tail(a);
        if (profile) {
            boolean far = !rightNear;
            Color dim = shade(a.limbs, 0.8);
            arm(far, dim, dim, dim, armW);
            leg(far, dim, dim, shade(dim, 0.85), legW);
            leg(rightNear, a.limbs, a.limbs, shade(a.limbs, 0.85), legW);
        } else {
            leg(true, a.limbs, a.limbs, shade(a.limbs, 0.85), legW);
            leg(false, a.limbs, a.limbs, shade(a.limbs, 0.85), legW);
        }
        Shape torso = torso(a.body, a.build * 1.05, armW);
        if (a.stripes != null) {
            stripes(torso, a.stripes);
        }
        if (a == Species.PANDA) {
            // The panda's black band over the shoulders.
            capsule(a.limbs, 0.09 * h, k.x(Joint.RIGHT_SHOULDER), k.y(Joint.RIGHT_SHOULDER),
                    k.x(Joint.LEFT_SHOULDER), k.y(Joint.LEFT_SHOULDER));
        }
        if (profile) {
            arm(rightNear, a.limbs, a.limbs, shade(a.limbs, 0.85), armW);
        } else {
            arm(true, a.limbs, a.limbs, shade(a.limbs, 0.85), armW);
            arm(false, a.limbs, a.limbs, shade(a.limbs, 0.85), armW);
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

    // ----- shared body parts -----

    private void arm(boolean right, Color upper, Color lower, Color hand, double w) {
        Joint sh = right ? Joint.RIGHT_SHOULDER : Joint.LEFT_SHOULDER;
        Joint el = right ? Joint.RIGHT_ELBOW : Joint.LEFT_ELBOW;
        Joint wr = right ? Joint.RIGHT_WRIST : Joint.LEFT_WRIST;
        capsule(lower, w, k.x(el), k.y(el), k.x(wr), k.y(wr));
        capsule(upper, w * 1.08, k.x(sh), k.y(sh), k.x(el), k.y(el));
        double[] d = unit(k.x(wr) - k.x(el), k.y(wr) - k.y(el));
        g.setColor(hand);
        g.fill(circleAt(new double[] {k.x(wr) + d[0] * 0.015 * h, k.y(wr) + d[1] * 0.015 * h}, 0.034 * h));
    }

    private void leg(boolean right, Color thigh, Color shin, Color foot, double w) {
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
    private Shape torso(Color c, double build, double limbW) {
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

    private void stripes(Shape torso, Color c) {
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

    private void shadow() {
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

    /** Moves user space into the head frame; the caller restores the transform. */
    private void headFrame(double r) {
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

    private double[] hipMid() {
        return new double[] {(k.x(Joint.RIGHT_HIP) + k.x(Joint.LEFT_HIP)) / 2, (k.y(Joint.RIGHT_HIP) + k.y(Joint.LEFT_HIP)) / 2};
    }

    private void capsule(Color c, double w, double x1, double y1, double x2, double y2) {
        g.setColor(c);
        g.setStroke(new BasicStroke((float) w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    private static Ellipse2D circle(double x, double y, double r) {
        return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
    }

    private static Ellipse2D circleAt(double[] p, double r) {
        return circle(p[0], p[1], r);
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

    private static double[] unit(double x, double y) {
        double n = Math.hypot(x, y);
        return n < 1e-12 ? new double[] {0, 1} : new double[] {x / n, y / n};
    }

    static Color shade(Color c, double f) {
        return new Color((int) Math.round(c.getRed() * f), (int) Math.round(c.getGreen() * f),
                (int) Math.round(c.getBlue() * f), c.getAlpha());
    }

    /** The convex hull of {@code pts} (monotone chain) as a closed path. */
    private static Shape hull(List<double[]> pts) {
        List<double[]> p = new ArrayList<>(pts);
        p.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]));
        int n = p.size();
        double[][] chain = new double[2 * n][];
        int m = 0;
        for (int i = 0; i < n; i++) {
            while (m >= 2 && cross(chain[m - 2], chain[m - 1], p.get(i)) <= 0) {
                m--;
            }
            chain[m++] = p.get(i);
        }
        for (int i = n - 2, t = m + 1; i >= 0; i--) {
            while (m >= t && cross(chain[m - 2], chain[m - 1], p.get(i)) <= 0) {
                m--;
            }
            chain[m++] = p.get(i);
        }
        Path2D.Double path = new Path2D.Double();
        path.moveTo(chain[0][0], chain[0][1]);
        for (int i = 1; i < m - 1; i++) {
            path.lineTo(chain[i][0], chain[i][1]);
        }
        path.closePath();
        return path;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}

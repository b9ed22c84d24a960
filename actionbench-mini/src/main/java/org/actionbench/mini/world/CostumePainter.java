package org.actionbench.mini.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What people wear over the body: a cape behind it, a skirt or dress over the hips, and headwear. */
final class CostumePainter extends BodyPainter {
    CostumePainter(Graphics2D g, Pose pose) {
        super(g, pose);
    }

    void cape(Color c) {
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

    void skirt(Color c, double length, double build) {
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

    void headwear(HumanLook a) {
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

    private double[] at(double[] origin, double[] s, double[] l, double along, double across) {
        return new double[] {origin[0] + (s[0] * along + l[0] * across) * h, origin[1] + (s[1] * along + l[1] * across) * h};
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

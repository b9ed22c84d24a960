package org.actionbench.mini.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Comparator;
import java.util.List;

/** Draws a {@link Scene} into a Graphics2D whose user space is the unit square of the image. */
final class SceneRenderer {
    private SceneRenderer() {
    }

    static void draw(Graphics2D g, Scene s) {
        g.setPaint(new GradientPaint(0f, 0f, s.skyTop(), 0f, (float) s.horizon(), s.skyBottom()));
        g.fill(new Rectangle2D.Double(0, 0, 1, s.horizon() + 0.01));
        g.setColor(s.ground());
        g.fill(new Rectangle2D.Double(0, s.horizon(), 1, 1 - s.horizon()));
        // Far things first: sky, then what stands on the horizon, then nearer ground props by depth.
        List<Scene.Prop> ordered = s.props().stream()
                .sorted(Comparator.comparingInt((Scene.Prop p) -> layer(p.type())).thenComparingDouble(Scene.Prop::y))
                .toList();
        for (Scene.Prop p : ordered) {
            prop(g, p, s);
        }
    }

    private static int layer(Scene.PropType t) {
        return switch (t) {
            case STAR, MOON, SUN, CLOUD -> 0;
            case MOUNTAIN -> 1;
            case SEA, ROAD -> 2;
            case BUILDING, HOUSE, FENCE -> 3;
            default -> 4;
        };
    }

    private static void prop(Graphics2D g, Scene.Prop p, Scene s) {
        double x = p.x();
        double y = p.y();
        double z = p.size();
        Color c = p.colour();
        switch (p.type()) {
            case CLOUD -> {
                g.setColor(c);
                g.fill(new Ellipse2D.Double(x - z / 2, y - z * 0.18, z, z * 0.36));
                g.fill(new Ellipse2D.Double(x - z * 0.3, y - z * 0.33, z * 0.45, z * 0.45));
                g.fill(new Ellipse2D.Double(x - z * 0.02, y - z * 0.28, z * 0.35, z * 0.35));
            }
            case SUN -> {
                g.setColor(c);
                g.fill(new Ellipse2D.Double(x - z, y - z, 2 * z, 2 * z));
            }
            case MOON -> {
                g.setColor(c);
                g.fill(new Ellipse2D.Double(x - z, y - z, 2 * z, 2 * z));
                g.setColor(s.skyTop());
                g.fill(new Ellipse2D.Double(x - z * 0.45, y - z * 1.2, 2 * z, 2 * z));
            }
            case STAR -> {
                g.setColor(c);
                g.fill(new Ellipse2D.Double(x - z, y - z, 2 * z, 2 * z));
            }
            case MOUNTAIN -> {
                Path2D.Double m = new Path2D.Double();
                m.moveTo(x - z, y);
                m.lineTo(x, y - z * 0.8);
                m.lineTo(x + z, y);
                m.closePath();
                g.setColor(c);
                g.fill(m);
                Path2D.Double cap = new Path2D.Double();
                cap.moveTo(x - z * 0.3, y - z * 0.56);
                cap.lineTo(x, y - z * 0.8);
                cap.lineTo(x + z * 0.3, y - z * 0.56);
                cap.lineTo(x + z * 0.1, y - z * 0.6);
                cap.lineTo(x - z * 0.08, y - z * 0.54);
                cap.closePath();
                g.setColor(new Color(248, 248, 252));
                g.fill(cap);
            }
            case SEA -> {
                g.setColor(c);
                g.fill(new Rectangle2D.Double(0, y, 1, z));
                g.setColor(c.brighter());
                g.fill(new Rectangle2D.Double(0, y + z - 0.012, 1, 0.012));
            }
            case ROAD -> {
                g.setColor(new Color(95, 95, 100));
                g.fill(new Rectangle2D.Double(0, y, 1, 0.06));
                g.setColor(c);
                for (double dx = 0.02; dx < 1; dx += 0.16) {
                    g.fill(new Rectangle2D.Double(dx, y + 0.027, 0.08, 0.008));
                }
            }
            case BUILDING -> {
                double height = z * 2.2;
                g.setColor(c);
                g.fill(new Rectangle2D.Double(x - z / 2, y - height, z, height));
                g.setColor(new Color(240, 230, 150));
                double win = z * 0.16;
                for (double wy = y - height + z * 0.15; wy < y - z * 0.3; wy += z * 0.32) {
                    for (double wx = x - z / 2 + z * 0.15; wx < x + z / 2 - win; wx += z * 0.3) {
                        g.fill(new Rectangle2D.Double(wx, wy, win, win * 1.3));
                    }
                }
            }
            case HOUSE -> {
                g.setColor(c);
                g.fill(new Rectangle2D.Double(x - z / 2, y - z * 0.7, z, z * 0.7));
                Path2D.Double roof = new Path2D.Double();
                roof.moveTo(x - z * 0.6, y - z * 0.7);
                roof.lineTo(x, y - z * 1.15);
                roof.lineTo(x + z * 0.6, y - z * 0.7);
                roof.closePath();
                g.setColor(new Color(120, 45, 40));
                g.fill(roof);
                g.setColor(new Color(250, 220, 100));
                g.fill(new Rectangle2D.Double(x - z * 0.3, y - z * 0.5, z * 0.2, z * 0.2));
                g.fill(new Rectangle2D.Double(x + z * 0.1, y - z * 0.5, z * 0.2, z * 0.2));
            }
            case FENCE -> {
                g.setColor(c);
                for (double fx = 0.01; fx < 1; fx += 0.06) {
                    g.fill(new Rectangle2D.Double(fx, y - z, 0.03, z));
                }
                g.fill(new Rectangle2D.Double(0, y - z * 0.75, 1, 0.012));
                g.fill(new Rectangle2D.Double(0, y - z * 0.35, 1, 0.012));
            }
            case TREE -> {
                g.setColor(new Color(110, 70, 40));
                g.fill(new Rectangle2D.Double(x - z * 0.07, y - z * 0.55, z * 0.14, z * 0.55));
                g.setColor(c);
                g.fill(new Ellipse2D.Double(x - z * 0.35, y - z * 1.05, z * 0.7, z * 0.65));
            }
            case PINE, SNOWY_PINE -> {
                g.setColor(new Color(100, 65, 40));
                g.fill(new Rectangle2D.Double(x - z * 0.05, y - z * 0.2, z * 0.1, z * 0.2));
                g.setColor(c);
                Path2D.Double t = new Path2D.Double();
                t.moveTo(x - z * 0.3, y - z * 0.18);
                t.lineTo(x, y - z);
                t.lineTo(x + z * 0.3, y - z * 0.18);
                t.closePath();
                g.fill(t);
                if (p.type() == Scene.PropType.SNOWY_PINE) {
                    Path2D.Double cap = new Path2D.Double();
                    cap.moveTo(x - z * 0.12, y - z * 0.68);
                    cap.lineTo(x, y - z);
                    cap.lineTo(x + z * 0.12, y - z * 0.68);
                    cap.closePath();
                    g.setColor(Color.WHITE);
                    g.fill(cap);
                }
            }
            case BUSH -> {
                g.setColor(c);
                g.fill(new Ellipse2D.Double(x - z * 0.5, y - z * 0.5, z, z * 0.6));
                g.fill(new Ellipse2D.Double(x - z * 0.2, y - z * 0.7, z * 0.6, z * 0.6));
            }
            case BENCH -> {
                g.setColor(c);
                g.fill(new Rectangle2D.Double(x - z / 2, y - z * 0.35, z, z * 0.08));
                g.fill(new Rectangle2D.Double(x - z / 2, y - z * 0.6, z, z * 0.08));
                g.setColor(BodyPainter.shade(c, 0.6));
                g.fill(new Rectangle2D.Double(x - z * 0.42, y - z * 0.35, z * 0.06, z * 0.35));
                g.fill(new Rectangle2D.Double(x + z * 0.36, y - z * 0.35, z * 0.06, z * 0.35));
            }
            case LAMP -> {
                g.setColor(c);
                g.fill(new Rectangle2D.Double(x - 0.006, y - z, 0.012, z));
                g.setColor(new Color(250, 235, 150));
                g.fill(new Ellipse2D.Double(x - 0.025, y - z - 0.03, 0.05, 0.04));
            }
            case FLOWER -> {
                g.setColor(new Color(40, 110, 40));
                g.setStroke(new BasicStroke((float) (z * 0.2)));
                g.draw(new Line2D.Double(x, y, x, y - z));
                g.setColor(c);
                g.fill(new Ellipse2D.Double(x - z * 0.35, y - z * 1.35, z * 0.7, z * 0.7));
            }
            case PALM -> {
                g.setColor(new Color(140, 100, 60));
                g.setStroke(new BasicStroke((float) (z * 0.07), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new java.awt.geom.QuadCurve2D.Double(x, y, x + z * 0.1, y - z * 0.5, x + z * 0.05, y - z));
                g.setColor(c);
                for (int i = 0; i < 5; i++) {
                    double a = Math.toRadians(-160 + i * 35);
                    g.fill(new Ellipse2D.Double(x + z * 0.05 + Math.cos(a) * z * 0.18 - z * 0.14,
                            y - z + Math.sin(a) * z * 0.1 - z * 0.05, z * 0.28, z * 0.1));
                }
            }
            case CACTUS -> {
                g.setColor(c);
                g.setStroke(new BasicStroke((float) (z * 0.18), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(x, y, x, y - z));
                Path2D.Double arms = new Path2D.Double();
                arms.moveTo(x, y - z * 0.45);
                arms.lineTo(x - z * 0.3, y - z * 0.45);
                arms.lineTo(x - z * 0.3, y - z * 0.75);
                arms.moveTo(x, y - z * 0.6);
                arms.lineTo(x + z * 0.28, y - z * 0.6);
                arms.lineTo(x + z * 0.28, y - z * 0.85);
                g.setStroke(new BasicStroke((float) (z * 0.13), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(arms);
            }
            case SNOWMAN -> {
                g.setColor(c);
                g.fill(new Ellipse2D.Double(x - z * 0.3, y - z * 0.6, z * 0.6, z * 0.6));
                g.fill(new Ellipse2D.Double(x - z * 0.2, y - z * 0.95, z * 0.4, z * 0.4));
                g.setColor(new Color(240, 120, 30));
                g.fill(new Rectangle2D.Double(x, y - z * 0.78, z * 0.15, z * 0.05));
            }
        }
    }
}

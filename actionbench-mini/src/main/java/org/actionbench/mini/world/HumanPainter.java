package org.actionbench.mini.world;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;

/**
 * A person: limbs, torso and clothes in the order that makes the near side overlap the far one, then the
 * head (hair, face, eyes, beard) with its headwear.
 */
final class HumanPainter extends BodyPainter {
    private final LimbPainter limbs;
    private final CostumePainter costume;

    HumanPainter(Graphics2D g, Pose pose) {
        super(g, pose);
        this.limbs = new LimbPainter(g, pose);
        this.costume = new CostumePainter(g, pose);
    }

    void paint(HumanLook a) {
        double build = a.build();
        double armW = 0.062 * h * build;
        double legW = 0.08 * h * build;
        Color sleeve = a.top();
        Color forearm = a.longSleeves() ? a.top() : a.skin();
        Color thigh = a.bottomStyle() == HumanLook.BottomStyle.DRESS ? a.skin() : a.bottom();
        Color shin = a.bottomStyle() == HumanLook.BottomStyle.TROUSERS ? a.bottom() : a.skin();
        if (a.cape() != null) {
            costume.cape(a.cape());
        }
        // Far-side limbs first (profile) so the near ones overlap them; in a front view the order is legs,
        // torso, arms, which reads as arms in front of the body.
        if (profile) {
            boolean far = !rightNear;
            limbs.arm(far, shade(sleeve, 0.8), shade(forearm, 0.8), shade(a.skin(), 0.8), armW);
            limbs.leg(far, shade(thigh, 0.8), shade(shin, 0.8), shade(a.shoes(), 0.8), legW);
            limbs.leg(rightNear, thigh, shin, a.shoes(), legW);
        } else {
            limbs.leg(true, thigh, shin, a.shoes(), legW);
            limbs.leg(false, thigh, shin, a.shoes(), legW);
        }
        Shape torso = limbs.torso(a.top(), build, armW);
        if (a.stripedTop()) {
            limbs.stripes(torso, a.stripes());
        }
        if (a.bottomStyle() == HumanLook.BottomStyle.SKIRT || a.bottomStyle() == HumanLook.BottomStyle.DRESS) {
            costume.skirt(a.bottom(), a.bottomStyle() == HumanLook.BottomStyle.DRESS ? 0.9 : 0.6, build);
        }
        if (profile) {
            limbs.arm(rightNear, sleeve, forearm, a.skin(), armW);
        } else {
            limbs.arm(true, sleeve, forearm, a.skin(), armW);
            limbs.arm(false, sleeve, forearm, a.skin(), armW);
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
        costume.headwear(a);
        g.setTransform(saved);
    }
}

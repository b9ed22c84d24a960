package org.actionbench.mini.world;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Renders ActionBench-Mini images: a scene, then a character in a pose, drawn directly at the target
 * resolution with anti-aliasing. Deterministic: everything comes from the seed, nothing from fonts or the
 * platform (no text is drawn), so the same arguments give the same pixels and the same PNG bytes.
 */
public final class MiniRenderer {
    public static final int DEFAULT_RESOLUTION = 64;
    /** The action id of a render made from bare keypoints. */
    public static final String NO_ACTION = "none";

    private static final long POSE_STREAM = 1;
    private static final long SCENE_STREAM = 2;

    private MiniRenderer() {
    }

    /** {@code who} doing {@code action} {@code where}, at 64×64. */
    public static Render render(CastMember who, PoseFamily action, SceneKind where, long seed) {
        return render(who, action, where, DEFAULT_RESOLUTION, seed);
    }

    /** {@code who} doing {@code action} {@code where}: pose and scene drawn from the seed. */
    public static Render render(CastMember who, PoseFamily action, SceneKind where, int resolution, long seed) {
        return render(who, action, Scene.sample(where, new Random(Seeds.derive(seed, SCENE_STREAM))), resolution, seed);
    }

    /**
     * {@code who} doing {@code action} in a given scene, the pose drawn from the seed: the same scene with
     * different actions or characters makes pairs that differ in one thing only.
     */
    public static Render render(CastMember who, PoseFamily action, Scene scene, int resolution, long seed) {
        Pose pose = action.sample(new Random(Seeds.derive(seed, POSE_STREAM)), who.appearance().stature());
        return new Render(draw(who.appearance(), pose, scene, resolution),
                Captions.full(who.text(), action, scene.kind()), who.id(), action.id(), scene.kind().id(),
                pose.keypoints(), pose);
    }

    /**
     * {@code who} in explicit keypoints (unit-square image coordinates) in a given scene, drawn as a front
     * view sized from the torso ({@link Pose#of}); the caption has no action words.
     */
    public static Render render(CastMember who, Keypoints keypoints, Scene scene, int resolution) {
        return render(who, Pose.of(keypoints), scene, resolution);
    }

    /** {@code who} in a fully specified pose in a given scene; the caption has no action words. */
    public static Render render(CastMember who, Pose pose, Scene scene, int resolution) {
        return new Render(draw(who.appearance(), pose, scene, resolution),
                Captions.withoutAction(who.text(), scene.kind()), who.id(), NO_ACTION, scene.kind().id(),
                pose.keypoints(), pose);
    }

    /** The pixels of {@code look} in {@code pose} over {@code scene}. */
    public static BufferedImage draw(Appearance look, Pose pose, Scene scene, int resolution) {
        if (resolution < 8) {
            throw new IllegalArgumentException("resolution must be at least 8 pixels, got " + resolution);
        }
        BufferedImage img = new BufferedImage(resolution, resolution, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            g.scale(resolution, resolution);
            SceneRenderer.draw(g, scene);
            BodyRenderer.draw(g, pose, look);
        } finally {
            g.dispose();
        }
        return img;
    }
}

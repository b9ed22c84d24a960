package org.actionbench.mini.world;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One drawn place: a sky gradient, a ground below a horizon, and props standing on it. Sampled from a
 * {@link SceneKind} with seeded variation (colours, horizon height, which props and where), so two parks
 * differ as photos of parks do.
 */
public record Scene(SceneKind kind, Color skyTop, Color skyBottom, Color ground, double horizon, List<Prop> props) {
    public Scene {
        props = List.copyOf(props);
    }

    /** The kinds of thing a scene may hold. */
    public enum PropType {
        CLOUD, SUN, MOON, STAR, TREE, PINE, SNOWY_PINE, BUSH, BENCH, HOUSE, BUILDING, LAMP, FLOWER, FENCE,
        SEA, PALM, CACTUS, MOUNTAIN, SNOWMAN, ROAD
    }

    /** A prop at ({@code x}, {@code y}) (its base, or its centre for sky things), of size {@code size}. */
    public record Prop(PropType type, double x, double y, double size, Color colour) {
    }

    public static Scene sample(SceneKind kind, Random rnd) {
        double horizon = 0.55 + 0.13 * rnd.nextDouble();
        List<Prop> props = new ArrayList<>();
        Color skyTop;
        Color skyBottom;
        Color ground;
        switch (kind) {
            case PARK -> {
                skyTop = jitter(rnd, 95, 160, 230);
                skyBottom = jitter(rnd, 185, 215, 245);
                ground = jitter(rnd, 95, 165, 70);
                clouds(rnd, props, 0, 2, horizon);
                int trees = 1 + rnd.nextInt(3);
                for (int i = 0; i < trees; i++) {
                    props.add(new Prop(PropType.TREE, rnd.nextDouble(), horizon + 0.02 * rnd.nextDouble(),
                            0.2 + 0.12 * rnd.nextDouble(), jitter(rnd, 50, 125, 45)));
                }
                if (rnd.nextBoolean()) {
                    props.add(new Prop(PropType.BENCH, 0.1 + 0.8 * rnd.nextDouble(), horizon + 0.06 + 0.05 * rnd.nextDouble(),
                            0.14, jitter(rnd, 130, 85, 45)));
                }
                if (rnd.nextBoolean()) {
                    props.add(new Prop(PropType.BUSH, rnd.nextDouble(), horizon + 0.03, 0.1, jitter(rnd, 60, 135, 50)));
                }
            }
            case BEACH -> {
                skyTop = jitter(rnd, 70, 150, 235);
                skyBottom = jitter(rnd, 175, 220, 250);
                ground = jitter(rnd, 235, 215, 160);
                props.add(new Prop(PropType.SEA, 0.5, horizon, 0.07 + 0.05 * rnd.nextDouble(), jitter(rnd, 35, 115, 200)));
                if (rnd.nextDouble() < 0.7) {
                    props.add(new Prop(PropType.SUN, 0.1 + 0.8 * rnd.nextDouble(), 0.08 + 0.15 * rnd.nextDouble(),
                            0.07, new Color(255, 225, 80)));
                }
                if (rnd.nextBoolean()) {
                    props.add(new Prop(PropType.PALM, rnd.nextBoolean() ? 0.1 + 0.15 * rnd.nextDouble() : 0.75 + 0.15 * rnd.nextDouble(),
                            horizon + 0.12, 0.35, jitter(rnd, 50, 140, 60)));
                }
                clouds(rnd, props, 0, 1, horizon);
            }
            case SNOW -> {
                skyTop = jitter(rnd, 170, 190, 215);
                skyBottom = jitter(rnd, 215, 225, 238);
                ground = jitter(rnd, 245, 247, 252);
                int pines = 1 + rnd.nextInt(4);
                for (int i = 0; i < pines; i++) {
                    props.add(new Prop(PropType.SNOWY_PINE, rnd.nextDouble(), horizon + 0.02 * rnd.nextDouble(),
                            0.16 + 0.12 * rnd.nextDouble(), jitter(rnd, 35, 90, 55)));
                }
                if (rnd.nextDouble() < 0.4) {
                    props.add(new Prop(PropType.SNOWMAN, rnd.nextDouble(), horizon + 0.08, 0.14, Color.WHITE));
                }
            }
            case CITY -> {
                skyTop = jitter(rnd, 120, 170, 220);
                skyBottom = jitter(rnd, 200, 215, 230);
                ground = jitter(rnd, 125, 125, 130);
                double x = -0.1 * rnd.nextDouble();
                while (x < 1) {
                    double w = 0.14 + 0.14 * rnd.nextDouble();
                    props.add(new Prop(PropType.BUILDING, x + w / 2, horizon, w,
                            jitter(rnd, 120 + rnd.nextInt(100), 100 + rnd.nextInt(80), 90 + rnd.nextInt(80))));
                    x += w + 0.02 * rnd.nextDouble();
                }
                props.add(new Prop(PropType.ROAD, 0.5, horizon, 1, new Color(235, 235, 235)));
                if (rnd.nextBoolean()) {
                    props.add(new Prop(PropType.LAMP, rnd.nextDouble(), horizon + 0.05, 0.28, new Color(50, 50, 55)));
                }
            }
            case DESERT -> {
                skyTop = jitter(rnd, 110, 175, 235);
                skyBottom = jitter(rnd, 240, 220, 180);
                ground = jitter(rnd, 225, 170, 100);
                props.add(new Prop(PropType.SUN, 0.1 + 0.8 * rnd.nextDouble(), 0.08 + 0.12 * rnd.nextDouble(),
                        0.08, new Color(255, 240, 150)));
                int cacti = 1 + rnd.nextInt(3);
                for (int i = 0; i < cacti; i++) {
                    props.add(new Prop(PropType.CACTUS, rnd.nextDouble(), horizon + 0.03 + 0.06 * rnd.nextDouble(),
                            0.12 + 0.1 * rnd.nextDouble(), jitter(rnd, 60, 140, 70)));
                }
            }
            case NIGHT -> {
                skyTop = jitter(rnd, 10, 15, 45);
                skyBottom = jitter(rnd, 40, 50, 100);
                ground = jitter(rnd, 30, 55, 40);
                props.add(new Prop(PropType.MOON, 0.1 + 0.8 * rnd.nextDouble(), 0.08 + 0.12 * rnd.nextDouble(),
                        0.06, new Color(245, 240, 200)));
                int stars = 6 + rnd.nextInt(8);
                for (int i = 0; i < stars; i++) {
                    props.add(new Prop(PropType.STAR, rnd.nextDouble(), rnd.nextDouble() * (horizon - 0.05),
                            0.008 + 0.006 * rnd.nextDouble(), new Color(250, 250, 220)));
                }
                if (rnd.nextBoolean()) {
                    props.add(new Prop(PropType.HOUSE, rnd.nextDouble(), horizon + 0.01, 0.18, jitter(rnd, 70, 60, 80)));
                }
            }
            case GARDEN -> {
                skyTop = jitter(rnd, 100, 170, 235);
                skyBottom = jitter(rnd, 200, 225, 245);
                ground = jitter(rnd, 85, 150, 60);
                props.add(new Prop(PropType.FENCE, 0.5, horizon + 0.01, 0.09, jitter(rnd, 240, 240, 235)));
                int flowers = 5 + rnd.nextInt(8);
                Color[] petals = {new Color(230, 40, 60), new Color(250, 210, 40), new Color(240, 120, 200),
                        new Color(250, 250, 250), new Color(150, 90, 220)};
                for (int i = 0; i < flowers; i++) {
                    props.add(new Prop(PropType.FLOWER, rnd.nextDouble(), horizon + 0.05 + (1 - horizon - 0.08) * rnd.nextDouble(),
                            0.035 + 0.015 * rnd.nextDouble(), petals[rnd.nextInt(petals.length)]));
                }
                if (rnd.nextBoolean()) {
                    props.add(new Prop(PropType.BUSH, rnd.nextDouble(), horizon + 0.02, 0.12, jitter(rnd, 50, 120, 45)));
                }
                clouds(rnd, props, 0, 2, horizon);
            }
            case MOUNTAINS -> {
                skyTop = jitter(rnd, 80, 140, 220);
                skyBottom = jitter(rnd, 190, 215, 240);
                ground = jitter(rnd, 120, 155, 85);
                int peaks = 2 + rnd.nextInt(3);
                for (int i = 0; i < peaks; i++) {
                    props.add(new Prop(PropType.MOUNTAIN, -0.1 + 1.2 * rnd.nextDouble(), horizon,
                            0.25 + 0.2 * rnd.nextDouble(), jitter(rnd, 120, 120, 135)));
                }
                if (rnd.nextBoolean()) {
                    props.add(new Prop(PropType.PINE, rnd.nextDouble(), horizon + 0.03, 0.15, jitter(rnd, 35, 95, 50)));
                }
                clouds(rnd, props, 0, 1, horizon);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return new Scene(kind, skyTop, skyBottom, ground, horizon, props);
    }

    private static void clouds(Random rnd, List<Prop> props, int min, int max, double horizon) {
        int n = min + rnd.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            props.add(new Prop(PropType.CLOUD, rnd.nextDouble(), 0.06 + (horizon - 0.25) * rnd.nextDouble(),
                    0.1 + 0.08 * rnd.nextDouble(), new Color(250, 250, 252)));
        }
    }

    private static Color jitter(Random rnd, int r, int g, int b) {
        return new Color(clamp(r + rnd.nextInt(21) - 10), clamp(g + rnd.nextInt(21) - 10), clamp(b + rnd.nextInt(21) - 10));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}

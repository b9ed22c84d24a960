package org.actionbench.mini.world;

import java.util.Random;
import java.util.function.Function;

/**
 * The eight actions of ActionBench-Mini. ActionBench's own eight are not public beyond a few names ("raises
 * one finger", "raises both arms for cheering", "performs a handstand"); these are chosen to be told apart
 * at 64×64, where a finger is less than a pixel: three front-view arm actions (one arm up, both up in a V,
 * both out sideways), an inverted one (handstand), and four profile actions that differ in the legs and
 * the torso (sitting with the legs out, kicking one leg high, bowing with the torso level, squatting with
 * the arms forward).
 *
 * <p>Each action has an id (run directories), a name for people (as ActionBench words its actions), the
 * words that stand for it in captions (removed from exemplar prompts, leaving the "{}" slot), and a longer
 * textual description that the plain Stable Diffusion baseline prompts with; the description begins with the
 * caption words so a model that learned them from captions can use it.
 *
 * <p>{@link #sample} draws a pose with natural variation: every segment angle jittered (a clamped Gaussian),
 * body proportions jittered by a few percent, the body's size and position in the frame, and facing left or
 * right (in a front view that swaps which arm or leg does the work).
 */
public enum PoseFamily {
    RAISE_ONE_ARM("raise-one-arm", "raises one arm", "raising one arm",
            "raising one arm straight up above the head while the other arm hangs down",
            r -> new Posture(View.FRONT, 180 + j(r, 0, 3), 180 + j(r, 0, 5),
                    190 + j(r, 0, 7), 182 + j(r, 0, 7), 8 + j(r, 0, 4), 4 + j(r, 0, 4),
                    -5 + j(r, 0, 2.5), -3 + j(r, 0, 2.5), 5 + j(r, 0, 2.5), 3 + j(r, 0, 2.5))),
    CHEER("cheer", "raises both arms for cheering", "raising both arms for cheering",
            "raising both arms for cheering, the hands high above the head in a V",
            r -> new Posture(View.FRONT, 180 + j(r, 0, 3), 180 + j(r, 0, 5),
                    208 + j(r, 0, 5), 198 + j(r, 0, 5), 152 + j(r, 0, 5), 162 + j(r, 0, 5),
                    -6 + j(r, 0, 2.5), -3 + j(r, 0, 2.5), 6 + j(r, 0, 2.5), 3 + j(r, 0, 2.5))),
    HANDSTAND("handstand", "performs a handstand", "doing a handstand",
            "doing a handstand, upside down on both hands with the legs straight up in the air",
            r -> new Posture(View.FRONT, 0 + j(r, 0, 3), 0 + j(r, 0, 5),
                    -10 + j(r, 0, 4), -4 + j(r, 0, 4), 10 + j(r, 0, 4), 4 + j(r, 0, 4),
                    190 + j(r, 0, 4), 186 + j(r, 0, 5), 170 + j(r, 0, 4), 174 + j(r, 0, 5))),
    SIT("sit", "sits on the ground", "sitting on the ground",
            "sitting on the ground with the legs stretched out in front and the hands on the ground behind",
            r -> new Posture(View.PROFILE, 195 + j(r, 0, 4), 178 + j(r, 0, 5),
                    -30 + j(r, 0, 6), -20 + j(r, 0, 6), -24 + j(r, 0, 6), -14 + j(r, 0, 6),
                    104 + j(r, 0, 5), 80 + j(r, 0, 5), 98 + j(r, 0, 5), 86 + j(r, 0, 5))),
    KICK("kick", "kicks one leg high", "kicking one leg high",
            "kicking one leg high forward while standing on the other leg, the arms out for balance",
            r -> new Posture(View.PROFILE, 190 + j(r, 0, 3), 184 + j(r, 0, 5),
                    -55 + j(r, 0, 8), -65 + j(r, 0, 8), 60 + j(r, 0, 8), 75 + j(r, 0, 8),
                    105 + j(r, 0, 6), 100 + j(r, 0, 6), -6 + j(r, 0, 2.5), -2 + j(r, 0, 2.5))),
    BOW("bow", "bows", "bowing",
            "bowing deeply, the upper body bent forward level with the ground and the arms hanging down",
            r -> new Posture(View.PROFILE, 95 + j(r, 0, 4), 72 + j(r, 0, 5),
                    4 + j(r, 0, 4), 0 + j(r, 0, 4), 10 + j(r, 0, 4), 5 + j(r, 0, 4),
                    7 + j(r, 0, 2.5), 0 + j(r, 0, 2.5), 4 + j(r, 0, 2.5), -2 + j(r, 0, 2.5))),
    SQUAT("squat", "squats", "squatting",
            "squatting deeply with the knees bent, the hips low and the arms stretched forward",
            r -> new Posture(View.PROFILE, 160 + j(r, 0, 4), 172 + j(r, 0, 5),
                    85 + j(r, 0, 5), 88 + j(r, 0, 5), 80 + j(r, 0, 5), 84 + j(r, 0, 5),
                    88 + j(r, 0, 4), -14 + j(r, 0, 4), 84 + j(r, 0, 4), -10 + j(r, 0, 4))),
    ARMS_SIDEWAYS("arms-sideways", "stretches both arms sideways", "stretching both arms out to the sides",
            "stretching both arms out to the sides, straight and level with the shoulders, standing upright",
            r -> new Posture(View.FRONT, 180 + j(r, 0, 3), 180 + j(r, 0, 5),
                    -90 + j(r, 0, 6), -90 + j(r, 0, 6), 90 + j(r, 0, 6), 90 + j(r, 0, 6),
                    -6 + j(r, 0, 2.5), -3 + j(r, 0, 2.5), 6 + j(r, 0, 2.5), 3 + j(r, 0, 2.5)));

    /** Share of the standing height kept around the head centre when fitting a pose into the frame (hats, ears). */
    private static final double HEAD_MARGIN = 0.16;
    /** Kept around every other joint (limb thickness). */
    private static final double JOINT_MARGIN = 0.05;
    /** Below the lowest joint down to the ground (feet, hands). */
    private static final double FOOT_MARGIN = 0.035;
    /** The frame is kept clear of this much at every border. */
    private static final double BORDER = 0.04;

    private final String id;
    private final String displayName;
    private final String words;
    private final String description;
    private final Function<Random, Posture> posture;

    PoseFamily(String id, String displayName, String words, String description, Function<Random, Posture> posture) {
        this.id = id;
        this.displayName = displayName;
        this.words = words;
        this.description = description;
        this.posture = posture;
    }

    /** The bench id ("raise-one-arm"). */
    public String id() {
        return id;
    }

    /** The action as ActionBench names its actions ("raises one arm"). */
    public String displayName() {
        return displayName;
    }

    /** The words that stand for the action in a caption ("raising one arm"). */
    public String words() {
        return words;
    }

    /** A fuller text for prompting without exemplars; starts with {@link #words()}. */
    public String description() {
        return description;
    }

    public static PoseFamily byId(String id) {
        for (PoseFamily f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown action id \"" + id + "\"");
    }

    /**
     * A pose of this action placed in the unit frame: random proportions and angles, facing, a standing
     * height of 0.56–0.74 of the frame times {@code stature} (1 for adults, less for children), shrunk when
     * the pose would not fit, feet (or hands, or seat) on a ground line at 0.86–0.93 of the height, and a
     * random horizontal position that keeps the whole body in the frame.
     */
    public Pose sample(Random rnd, double stature) {
        BodyProportions proportions = BodyProportions.sample(rnd, 0.04);
        Posture p = posture.apply(rnd);
        Keypoints body = p.solve(proportions);
        int facing = rnd.nextBoolean() ? 1 : -1;
        if (facing < 0) {
            body = body.mirrored(0);
        }
        double left = Double.POSITIVE_INFINITY;
        double right = Double.NEGATIVE_INFINITY;
        double top = Double.POSITIVE_INFINITY;
        double lowest = Double.NEGATIVE_INFINITY;
        for (Joint jn : Joint.values()) {
            double m = jn == Joint.NOSE ? HEAD_MARGIN : JOINT_MARGIN;
            left = Math.min(left, body.x(jn) - m);
            right = Math.max(right, body.x(jn) + m);
            top = Math.min(top, body.y(jn) - m);
            lowest = Math.max(lowest, body.y(jn));
        }
        double bottom = lowest + FOOT_MARGIN;
        double ground = 0.86 + 0.07 * rnd.nextDouble();
        double height = stature * (0.56 + 0.18 * rnd.nextDouble());
        height = Math.min(height, (1 - 2 * BORDER) / (right - left));
        height = Math.min(height, (ground - BORDER) / (bottom - top));
        double dy = ground - bottom * height;
        double minDx = BORDER - left * height;
        double maxDx = 1 - BORDER - right * height;
        double dx = minDx + (maxDx - minDx) * rnd.nextDouble();
        return new Pose(body.transformed(height, dx, dy), height, p.view(), facing);
    }

    /** {@link #sample(Random, double)} for an adult, from a seed. */
    public Pose sample(long seed) {
        return sample(new Random(seed), 1.0);
    }

    /** A Gaussian jitter around {@code mean}, clamped to two standard deviations so no sample is a freak. */
    private static double j(Random r, double mean, double sd) {
        double g = Math.max(-2, Math.min(2, r.nextGaussian()));
        return mean + sd * g;
    }
}

package org.actionbench.mini.world;

import java.awt.Color;

/**
 * The animals of ActionBench-Mini. Each keeps the human skeleton (so it can take every pose, as the paper's
 * generated animals do) but is drawn with its own fur colours, head (ears, muzzle, markings), tail and build,
 * chosen so that the species reads at 64×64 by silhouette and colour: the panda's black limbs and ears on a
 * white body, the tiger's orange with black stripes, the rabbit's long ears, the monkey's pale face and
 * curled tail, the cat's pointed ears, the dog's floppy ears, the bear's heavy brown body and round ears.
 */
public enum Species implements Appearance {
    PANDA("panda", rgb(245, 245, 240), rgb(30, 30, 30), rgb(245, 245, 240), Ears.ROUND, rgb(30, 30, 30), null,
            null, Tail.STUB, 1.25),
    CAT("cat", rgb(150, 150, 158), rgb(150, 150, 158), rgb(150, 150, 158), Ears.POINTED, rgb(150, 150, 158),
            rgb(230, 230, 230), null, Tail.LONG_UP, 0.95),
    DOG("dog", rgb(196, 140, 72), rgb(196, 140, 72), rgb(196, 140, 72), Ears.FLOPPY, rgb(110, 70, 35),
            rgb(240, 215, 170), null, Tail.WAG, 1.05),
    BEAR("bear", rgb(105, 66, 36), rgb(105, 66, 36), rgb(105, 66, 36), Ears.ROUND, rgb(105, 66, 36),
            rgb(190, 150, 105), null, Tail.STUB, 1.35),
    TIGER("tiger", rgb(232, 128, 30), rgb(232, 128, 30), rgb(232, 128, 30), Ears.ROUND, rgb(232, 128, 30),
            rgb(250, 245, 235), rgb(25, 20, 15), Tail.LONG_DOWN, 1.1),
    MONKEY("monkey", rgb(115, 75, 45), rgb(115, 75, 45), rgb(115, 75, 45), Ears.SIDE, rgb(225, 190, 150),
            rgb(225, 190, 150), null, Tail.CURL, 0.95),
    RABBIT("rabbit", rgb(235, 235, 238), rgb(235, 235, 238), rgb(235, 235, 238), Ears.LONG, rgb(235, 235, 238),
            null, null, Tail.PUFF, 0.95);

    /** How the ears are shaped. */
    public enum Ears { ROUND, POINTED, FLOPPY, SIDE, LONG }

    /** How the tail is shaped. */
    public enum Tail { STUB, LONG_UP, LONG_DOWN, WAG, CURL, PUFF }

    private final String noun;
    final Color body;
    final Color limbs;
    final Color head;
    final Ears ears;
    final Color earColour;
    final Color muzzle;
    final Color stripes;
    final Tail tail;
    final double build;

    Species(String noun, Color body, Color limbs, Color head, Ears ears, Color earColour, Color muzzle, Color stripes,
            Tail tail, double build) {
        this.noun = noun;
        this.body = body;
        this.limbs = limbs;
        this.head = head;
        this.ears = ears;
        this.earColour = earColour;
        this.muzzle = muzzle;
        this.stripes = stripes;
        this.tail = tail;
        this.build = build;
    }

    /** "panda". */
    public String noun() {
        return noun;
    }

    @Override
    public double stature() {
        return this == MONKEY || this == CAT || this == RABBIT ? 0.88 : 1.0;
    }

    private static Color rgb(int r, int g, int b) {
        return new Color(r, g, b);
    }
}

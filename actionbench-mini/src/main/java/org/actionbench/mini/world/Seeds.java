package org.actionbench.mini.world;

/**
 * Derives independent seeds from one seed (SplitMix64's finaliser), so each part of a render (pose, scene)
 * and each item of a corpus has its own random stream: changing how many numbers one part draws never shifts
 * another, and item n of a corpus can be made without making items 0..n−1.
 */
final class Seeds {
    private Seeds() {
    }

    static long derive(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

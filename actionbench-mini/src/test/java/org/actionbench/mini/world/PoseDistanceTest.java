package org.actionbench.mini.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PoseDistanceTest {
    /** Joints 0..6 at (0, top), 7..13 at (0, bottom). */
    private static Keypoints split(double top, double bottom) {
        double[] xy = new double[28];
        for (int i = 0; i < 14; i++) {
            xy[2 * i + 1] = i < 7 ? top : bottom;
        }
        return Keypoints.of(xy);
    }

    @Test
    void ignoresPositionAndSize() {
        Keypoints a = PoseFamily.KICK.sample(5).keypoints();
        assertEquals(0, PoseDistance.between(a, a.transformed(2.5, 0.3, -0.7)), 1e-12);
    }

    @Test
    void ignoresFacing() {
        Keypoints a = PoseFamily.RAISE_ONE_ARM.sample(9).keypoints();
        assertEquals(0, PoseDistance.between(a.mirrored(0.4), a), 1e-12);
    }

    @Test
    void handComputedValue() {
        // A: joints 0-6 at y=-1, 7-13 at y=+1 (centroid 0, RMS radius 1). B: flipped upside down.
        // As is, every joint moves by 2: RMS 2. Mirrored (left/right labels swapped, x unchanged since all
        // x are 0), A puts the left wrist (7) where the right wrist (4) was and vice versa, so joints 4 and 7
        // coincide with B and the other 12 are 2 apart: sqrt(12 * 4 / 14) = sqrt(24 / 7), the smaller.
        Keypoints a = split(-1, 1);
        Keypoints b = split(1, -1);
        assertEquals(Math.sqrt(24.0 / 7), PoseDistance.between(a, b), 1e-12);
        // Normalisation: the same shapes scaled and shifted give the same distance.
        assertEquals(Math.sqrt(24.0 / 7), PoseDistance.between(split(2, 6), split(10, 3).transformed(1, 5, 0)), 1e-12);
    }

    @Test
    void degeneratePoseIsAnError() {
        Keypoints point = Keypoints.of(new double[28]);
        assertThrows(IllegalArgumentException.class, () -> PoseDistance.between(point, split(0, 1)));
    }
}

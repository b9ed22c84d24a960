package org.actionbench.mini.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoseFamilyTest {
    private static final int SAMPLES = 60;

    private static Map<PoseFamily, List<Pose>> samples(int n, double stature) {
        Map<PoseFamily, List<Pose>> out = new EnumMap<>(PoseFamily.class);
        for (PoseFamily f : PoseFamily.values()) {
            List<Pose> l = new ArrayList<>();
            Random r = new Random(1000 + f.ordinal());
            for (int i = 0; i < n; i++) {
                l.add(f.sample(r, stature));
            }
            out.put(f, l);
        }
        return out;
    }

    @Test
    void everyFamilyIsFartherFromEveryOtherThanItsOwnSamplesAreFromEachOther() {
        Map<PoseFamily, List<Pose>> s = samples(SAMPLES, 1.0);
        double intraMax = 0;
        PoseFamily widest = null;
        for (PoseFamily f : PoseFamily.values()) {
            List<Pose> l = s.get(f);
            double spread = 0;
            for (int i = 0; i < l.size(); i++) {
                for (int j = i + 1; j < l.size(); j++) {
                    spread = Math.max(spread, PoseDistance.between(l.get(i).keypoints(), l.get(j).keypoints()));
                }
            }
            if (spread > intraMax) {
                intraMax = spread;
                widest = f;
            }
        }
        double interMin = Double.POSITIVE_INFINITY;
        String closest = "";
        PoseFamily[] fs = PoseFamily.values();
        for (int a = 0; a < fs.length; a++) {
            for (int b = a + 1; b < fs.length; b++) {
                for (Pose p : s.get(fs[a])) {
                    for (Pose q : s.get(fs[b])) {
                        double d = PoseDistance.between(p.keypoints(), q.keypoints());
                        if (d < interMin) {
                            interMin = d;
                            closest = fs[a] + " vs " + fs[b];
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "pose separation over %d samples per family: max intra-family distance %.3f (%s),"
                + " min inter-family distance %.3f (%s), ratio %.2f%n", SAMPLES, intraMax, widest, interMin, closest,
                interMin / intraMax);
        assertTrue(interMin > intraMax, "families overlap: min inter " + interMin + " <= max intra " + intraMax);
    }

    @Test
    void posesStayInTheFrameAndStandOnTheGround() {
        for (double stature : new double[] {1.0, 0.78}) {
            for (Map.Entry<PoseFamily, List<Pose>> e : samples(150, stature).entrySet()) {
                for (Pose p : e.getValue()) {
                    Keypoints k = p.keypoints();
                    double lowest = 0;
                    for (Joint j : Joint.values()) {
                        assertTrue(k.x(j) > 0.03 && k.x(j) < 0.97 && k.y(j) > 0.03 && k.y(j) < 0.97,
                                () -> e.getKey() + " puts " + j + " at the border: " + k);
                        lowest = Math.max(lowest, k.y(j));
                    }
                    double ground = lowest + 0.035 * p.height();
                    double g = ground;
                    assertTrue(g >= 0.859 && g <= 0.931, () -> e.getKey() + " ground at " + g);
                    assertTrue(p.height() <= 0.74 * stature + 1e-9 && p.height() > 0.3, () -> e.getKey() + " height " + p.height());
                }
            }
        }
    }

    @Test
    void bothFacingsOccurAndSeedsRepeat() {
        for (PoseFamily f : PoseFamily.values()) {
            boolean left = false;
            boolean right = false;
            for (long seed = 0; seed < 40; seed++) {
                Pose p = f.sample(seed);
                left |= p.facing() < 0;
                right |= p.facing() > 0;
                assertEquals(p.keypoints(), f.sample(seed).keypoints());
            }
            assertTrue(left && right, f + " faces one way only");
        }
    }

    /**
     * What each action means, checked on the keypoints with simple geometry (y grows downwards, H is the
     * standing height): independent of the angles the families are built from.
     */
    @Test
    void eachFamilyShowsItsAction() {
        for (Map.Entry<PoseFamily, List<Pose>> e : samples(100, 1.0).entrySet()) {
            for (Pose p : e.getValue()) {
                Keypoints k = p.keypoints();
                double h = p.height();
                double head = k.y(Joint.NOSE);
                double rw = k.y(Joint.RIGHT_WRIST);
                double lw = k.y(Joint.LEFT_WRIST);
                double hipY = (k.y(Joint.RIGHT_HIP) + k.y(Joint.LEFT_HIP)) / 2;
                double hipX = (k.x(Joint.RIGHT_HIP) + k.x(Joint.LEFT_HIP)) / 2;
                double lowest = 0;
                for (Joint j : Joint.values()) {
                    lowest = Math.max(lowest, k.y(j));
                }
                double ra = k.y(Joint.RIGHT_ANKLE);
                double la = k.y(Joint.LEFT_ANKLE);
                double shoulderY = (k.y(Joint.RIGHT_SHOULDER) + k.y(Joint.LEFT_SHOULDER)) / 2;
                java.util.function.Supplier<String> what = () -> e.getKey() + " " + k;
                switch (e.getKey()) {
                    case RAISE_ONE_ARM -> assertTrue((rw < head) != (lw < head) && Math.max(rw, lw) > shoulderY + 0.2 * h, what);
                    case CHEER -> assertTrue(rw < head && lw < head, what);
                    case HANDSTAND -> assertTrue(ra < head - 0.5 * h && la < head - 0.5 * h
                            && Math.max(rw, lw) > lowest - 0.02 * h, what);
                    case ARMS_SIDEWAYS -> assertTrue(Math.abs(rw - shoulderY) < 0.12 * h && Math.abs(lw - shoulderY) < 0.12 * h
                            && Math.abs(k.x(Joint.RIGHT_WRIST) - k.x(Joint.LEFT_WRIST)) > 0.75 * h, what);
                    case SIT -> assertTrue(hipY > lowest - 0.08 * h
                            && Math.abs(k.x(Joint.RIGHT_ANKLE) - hipX) > 0.35 * h, what);
                    case KICK -> assertTrue(Math.min(ra, la) < hipY + 0.05 * h && Math.max(ra, la) > hipY + 0.4 * h, what);
                    case BOW -> assertTrue(Math.abs(k.y(Joint.NECK) - hipY) < 0.1 * h
                            && Math.abs(k.x(Joint.NECK) - hipX) > 0.25 * h && Math.max(ra, la) > hipY + 0.4 * h, what);
                    case SQUAT -> assertTrue(lowest - hipY < 0.3 * h && lowest - hipY > 0.12 * h
                            && Math.abs(rw - shoulderY) < 0.12 * h, what);
                }
            }
        }
    }

    @Test
    void idsAndWordsAreDistinct() {
        for (PoseFamily a : PoseFamily.values()) {
            assertEquals(a, PoseFamily.byId(a.id()));
            assertTrue(a.description().startsWith(a.words()), a + ": description must start with the caption words");
            for (PoseFamily b : PoseFamily.values()) {
                if (a != b) {
                    assertTrue(!a.words().contains(b.words()), a + " words contain " + b + "'s");
                }
            }
        }
    }
}

package org.actionbench.mini.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MiniRendererTest {
    @Test
    void sameSeedSameBytesAcrossTheWholeCast() {
        for (CastMember who : Cast.all()) {
            PoseFamily f = PoseFamily.values()[Math.floorMod(who.id().hashCode(), 8)];
            SceneKind s = SceneKind.values()[Math.floorMod(who.id().hashCode() / 8, 8)];
            byte[] a = MiniRenderer.render(who, f, s, 42).png();
            byte[] b = MiniRenderer.render(who, f, s, 42).png();
            assertArrayEquals(a, b, who.id());
        }
    }

    @Test
    void differentSeedDifferentImage() {
        CastMember who = Cast.byId("panda");
        Render a = MiniRenderer.render(who, PoseFamily.CHEER, SceneKind.PARK, 1);
        Render b = MiniRenderer.render(who, PoseFamily.CHEER, SceneKind.PARK, 2);
        assertFalse(Arrays.equals(a.png(), b.png()));
        assertFalse(a.keypoints().equals(b.keypoints()));
    }

    @Test
    void resolutionIsAParameterAndPngRoundTrips() throws Exception {
        for (int res : new int[] {32, 64, 128, 256}) {
            Render r = MiniRenderer.render(Cast.byId("old-man"), PoseFamily.SIT, SceneKind.BEACH, res, 5);
            assertEquals(res, r.image().getWidth());
            assertEquals(res, r.image().getHeight());
            assertEquals(res, r.skeletonMap().getWidth());
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(r.png()));
            assertEquals(r.image().getRGB(res / 2, res / 2), back.getRGB(res / 2, res / 2));
        }
        // The pose does not depend on the resolution: one world, several sizes.
        assertEquals(MiniRenderer.render(Cast.byId("cat"), PoseFamily.BOW, SceneKind.SNOW, 64, 9).keypoints(),
                MiniRenderer.render(Cast.byId("cat"), PoseFamily.BOW, SceneKind.SNOW, 256, 9).keypoints());
        assertThrows(IllegalArgumentException.class,
                () -> MiniRenderer.render(Cast.byId("cat"), PoseFamily.BOW, SceneKind.SNOW, 4, 9));
    }

    @Test
    void groundTruthIsRecorded() {
        Render r = MiniRenderer.render(Cast.byId("old-man"), PoseFamily.RAISE_ONE_ARM, SceneKind.PARK, 3);
        assertEquals("a photo of an old man raising one arm in a park", r.caption());
        assertEquals("old-man", r.subjectId());
        assertEquals("raise-one-arm", r.actionId());
        assertEquals("park", r.sceneId());
        assertEquals(PoseFamily.RAISE_ONE_ARM.sample(new Random(Seeds.derive(3, 1)), 1.0).keypoints(), r.keypoints());
    }

    /**
     * The body is drawn where its keypoints say, in its own colours: at 256 px, in a front view with the
     * arms out of the way, the middle of the torso shows the shirt colour and the centre of the head the
     * skin (the eyes sit off-centre), exactly.
     */
    @Test
    void bodyIsDrawnAtItsKeypointsInItsColours() {
        for (long seed = 0; seed < 5; seed++) {
            CastMember who = Cast.byId("young-man");
            HumanLook look = (HumanLook) who.appearance();
            Render r = MiniRenderer.render(who, PoseFamily.ARMS_SIDEWAYS, SceneKind.CITY, 256, seed);
            Keypoints k = r.keypoints();
            double hipX = (k.x(Joint.RIGHT_HIP) + k.x(Joint.LEFT_HIP)) / 2;
            double hipY = (k.y(Joint.RIGHT_HIP) + k.y(Joint.LEFT_HIP)) / 2;
            int torso = r.image().getRGB((int) ((k.x(Joint.NECK) + hipX) / 2 * 256), (int) ((k.y(Joint.NECK) + hipY) / 2 * 256));
            assertEquals(look.top().getRGB(), torso, "torso colour, seed " + seed);
            double hx = k.x(Joint.NOSE) * 256;
            double hy = k.y(Joint.NOSE) * 256;
            assertEquals(look.skin().getRGB(), r.image().getRGB((int) hx, (int) hy), "head colour, seed " + seed);
            // The head is round and about 0.08 of the body high in radius: skin at the chin, not beside the ears.
            double radius = 0.08 * r.pose().height() * 256;
            assertEquals(look.skin().getRGB(), r.image().getRGB((int) hx, (int) (hy + 0.6 * radius)), "chin, seed " + seed);
            assertNotEquals(look.skin().getRGB(), r.image().getRGB((int) (hx - 1.5 * radius), (int) hy), "seed " + seed);
            assertNotEquals(look.skin().getRGB(), r.image().getRGB((int) (hx + 1.5 * radius), (int) hy), "seed " + seed);
        }
    }

    @Test
    void explicitKeypointsAreDrawnAsGiven() {
        Keypoints k = PoseFamily.KICK.sample(17).keypoints();
        Scene scene = Scene.sample(SceneKind.DESERT, new Random(3));
        Render r = MiniRenderer.render(Cast.byId("tiger"), k, scene, 128);
        assertEquals(k, r.keypoints());
        assertEquals(MiniRenderer.NO_ACTION, r.actionId());
        assertEquals("a photo of a tiger in the desert", r.caption());
        // The tiger's orange shows at its hips.
        double hipX = (k.x(Joint.RIGHT_HIP) + k.x(Joint.LEFT_HIP)) / 2;
        double hipY = (k.y(Joint.RIGHT_HIP) + k.y(Joint.LEFT_HIP)) / 2;
        Color c = new Color(r.image().getRGB((int) (hipX * 128), (int) (hipY * 128)));
        assertEquals(new Color(232, 128, 30), c);
    }
}

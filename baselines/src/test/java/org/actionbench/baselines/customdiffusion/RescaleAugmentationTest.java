package org.actionbench.baselines.customdiffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.actionbench.baselines.ToyAction;
import org.actionbench.engine.method.ActionExamples;
import org.junit.jupiter.api.Test;

/** Custom Diffusion's resize augmentation against the reference dataset's rules, worked out by hand. */
class RescaleAugmentationTest {
    static final int SIZE = 64;
    static final int LATENT = 16;

    /** A scale × scale image whose every pixel has its own colour, so a misplaced pixel shows. */
    static BufferedImage gradient(int scale) {
        BufferedImage image = new BufferedImage(scale, scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < scale; y++) {
            for (int x = 0; x < scale; x++) {
                image.setRGB(x, y, ((x * 3) % 256) << 16 | ((y * 3) % 256) << 8 | ((x + y) % 256));
            }
        }
        return image;
    }

    static float expectedPixel(BufferedImage image, int channel, int x, int y) {
        int rgb = image.getRGB(x, y);
        int v = channel == 0 ? (rgb >> 16) & 0xFF : channel == 1 ? (rgb >> 8) & 0xFF : rgb & 0xFF;
        return v / 127.5f - 1f;
    }

    @Test
    void aSmallImageIsPlacedOnZerosAndOnlyItsInteriorCounts() {
        BufferedImage image = gradient(30);
        RescaleAugmentation.Placed p = RescaleAugmentation.place(image, SIZE, LATENT,
                new RescaleAugmentation.Choice(30, 5, 20, ""));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean inside = y >= 5 && y < 35 && x >= 20 && x < 50;
                    float expected = inside ? expectedPixel(image, c, x - 20, y - 5) : 0f;
                    assertEquals(expected, p.pixels()[c * SIZE * SIZE + y * SIZE + x], 1e-6f,
                            "channel " + c + " at " + x + "," + y);
                }
            }
        }
        // Cells of 4 pixels; rows 5//4 + 1 = 2 up to (5 + 30)//4 − 1 = 7 (exclusive), columns 20//4 + 1 = 6 up to
        // (20 + 30)//4 − 1 = 11: the placed square less one cell on each side.
        for (int y = 0; y < LATENT; y++) {
            for (int x = 0; x < LATENT; x++) {
                boolean valid = y >= 2 && y < 7 && x >= 6 && x < 11;
                assertEquals(valid ? 1f : 0f, p.mask()[y * LATENT + x], "mask at " + x + "," + y);
            }
        }
    }

    @Test
    void aLargeImageIsCroppedAndCountsEverywhere() {
        BufferedImage image = gradient(80);
        RescaleAugmentation.Placed p = RescaleAugmentation.place(image, SIZE, LATENT,
                new RescaleAugmentation.Choice(80, 7, 3, "close up "));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    assertEquals(expectedPixel(image, c, x + 3, y + 7), p.pixels()[c * SIZE * SIZE + y * SIZE + x],
                            1e-6f);
                }
            }
        }
        for (float v : p.mask()) {
            assertEquals(1f, v);
        }
    }

    @Test
    void withoutRescaleTheImageStaysWholeButTheBorderCellStillDoesNotCount() {
        RescaleAugmentation.Choice choice = RescaleAugmentation.draw(SIZE, false, new SplittableRandom(1));
        assertEquals(new RescaleAugmentation.Choice(SIZE, 0, 0, ""), choice);
        RescaleAugmentation.Placed p = RescaleAugmentation.place(gradient(SIZE), SIZE, LATENT, choice);
        int valid = 0;
        for (float v : p.mask()) {
            valid += (int) v;
        }
        assertEquals(14 * 14, valid, "rows and columns 1..14 of 16 (the reference's slice 1 : 64//4 − 1)");
    }

    @Test
    void prefixesNameHowFarTheSubjectLooks() {
        SplittableRandom r = new SplittableRandom(3);
        Set<String> far = new HashSet<>();
        Set<String> near = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            far.add(RescaleAugmentation.prefix(30, 64, r));
            near.add(RescaleAugmentation.prefix(65, 64, r));
        }
        assertEquals(Set.of("a far away ", "very small "), far);
        assertEquals(Set.of("zoomed in ", "close up "), near);
        // The reference's bounds are strict: scale < 0.6·size, scale > size.
        assertEquals("", RescaleAugmentation.prefix(30, 50, r));
        assertEquals("", RescaleAugmentation.prefix(64, 64, r));
        assertEquals("", RescaleAugmentation.prefix(40, 64, r));
    }

    @Test
    void scalesFollowTheReferenceDistribution() {
        SplittableRandom r = new SplittableRandom(11);
        int shrunk = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            RescaleAugmentation.Choice c = RescaleAugmentation.draw(SIZE, true, r);
            boolean small = c.scale() >= SIZE / 3 && c.scale() <= SIZE;
            // int(1.2 · 64) = 76 up to int(1.4 · 64) = 89, exclusive.
            boolean large = c.scale() >= 76 && c.scale() <= 88;
            assertTrue(small || large, "scale " + c.scale());
            shrunk += small ? 1 : 0;
            int room = Math.abs(c.scale() - SIZE);
            assertTrue(c.top() >= 0 && c.top() <= room && c.left() >= 0 && c.left() <= room, c.toString());
        }
        // Binomial(4000, 0.66): standard deviation 0.0075; five of them either side.
        assertEquals(0.66, shrunk / (double) draws, 0.0375);
    }

    @Test
    void captionsCarryThePrefixBeforeTheTemplateWithTheModifier() {
        ActionExamples action = ToyAction.raiseOneArm();
        int[] exemplars = new int[60];
        for (int i = 0; i < exemplars.length; i++) {
            exemplars[i] = i % 2;
        }
        List<InstanceImages.Item> items = InstanceImages.draw(action, "<new1>", exemplars, 32, 8, 0.5, true,
                new SplittableRandom(4));
        Set<String> prefixes = new HashSet<>();
        int flipped = 0;
        for (InstanceImages.Item item : items) {
            String template = action.exemplars().get(item.exemplar()).prompt("<new1>");
            assertEquals(item.choice().prefix() + template, item.prompt());
            assertTrue(template.contains("<new1>"), template);
            prefixes.add(item.choice().prefix());
            flipped += item.flipped() ? 1 : 0;
            assertEquals(3 * 32 * 32, item.placed().pixels().length);
            assertEquals(8 * 8, item.placed().mask().length);
        }
        assertTrue(prefixes.contains("") && prefixes.stream().anyMatch(RescaleAugmentation.FAR_PREFIXES::contains)
                && prefixes.stream().anyMatch(RescaleAugmentation.NEAR_PREFIXES::contains), prefixes.toString());
        assertTrue(flipped > 0 && flipped < items.size(), flipped + " of 60 flipped at p = 0.5");
    }
}

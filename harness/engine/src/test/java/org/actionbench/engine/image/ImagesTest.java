package org.actionbench.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** 16×16, pixel (x, y) = (16y + x, 255 − (16y + x), 7x): every byte value appears in red. */
    static BufferedImage ramp() {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int v = 16 * y + x;
                img.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (7 * x));
            }
        }
        return img;
    }

    @Test
    void tensorsAreChannelFirstInBothRanges() {
        try (NDManager m = manager.newSubManager()) {
            NDArray signed = Images.toSignedTensor(m, List.of(ramp(), ramp()));
            NDArray unit = Images.toUnitTensor(m, List.of(ramp()));
            assertEquals(new Shape(2, 3, 16, 16), signed.getShape());
            assertEquals(new Shape(1, 3, 16, 16), unit.getShape());
            float[] s = signed.toFloatArray();
            float[] u = unit.toFloatArray();
            // pixel (x=3, y=2): red 35, green 220, blue 21
            int i = 2 * 16 + 3;
            assertEquals(35 / 255.0 * 2 - 1, s[i], 1e-6);
            assertEquals(220 / 255.0 * 2 - 1, s[256 + i], 1e-6);
            assertEquals(21 / 255.0, u[512 + i], 1e-7);
            assertEquals(-1f, s[0]);
            assertEquals(1f, s[255]);
            assertEquals(s[i], s[768 + i]); // second image of the batch
        }
    }

    @Test
    void everyByteSurvivesTheRoundTrip() {
        try (NDManager m = manager.newSubManager()) {
            BufferedImage back = Images.fromSignedTensor(Images.toSignedTensor(m, List.of(ramp()))).get(0);
            BufferedImage original = ramp();
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    assertEquals(original.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void decodedValuesAreClampedAndRoundedHalfToEvenAsNumpy() {
        assertEquals(0, Images.toByte(-3f));
        assertEquals(255, Images.toByte(1.7f));
        assertEquals(0, Images.toByte(Float.NaN));
        // x = 0 → 0.5 · 255 = 127.5 → 128 (even); find inputs landing exactly on k + 0.5 in float32 and check
        // that numpy's rule (nearest even) is applied, not half-up.
        assertEquals(128, Images.toByte(0f));
        int checked = 0;
        for (int k = 0; k < 255; k++) {
            float target = k + 0.5f;
            float x = (target / 255f - 0.5f) * 2f;
            for (int step = -4; step <= 4; step++) {
                float candidate = nudge(x, step);
                float v = candidate / 2f + 0.5f;
                if (v * 255f == target) {
                    assertEquals(k % 2 == 0 ? k : k + 1, Images.toByte(candidate), "k=" + k);
                    checked++;
                    break;
                }
            }
        }
        assertTrue(checked > 50, "found " + checked + " exact half-way inputs");
    }

    private static float nudge(float x, int steps) {
        float r = x;
        for (int i = 0; i < Math.abs(steps); i++) {
            r = steps > 0 ? Math.nextUp(r) : Math.nextDown(r);
        }
        return r;
    }

    @Test
    void greyAndAlphaImagesReadAsPilConvertsThem() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 100);
        grey.getRaster().setSample(1, 0, 0, 201);
        int[][] g = Images.rgbPlanes(grey);
        for (int c = 0; c < 3; c++) {
            assertEquals(100, g[c][0]);
            assertEquals(201, g[c][1]);
        }
        BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, (10 << 24) | (200 << 16) | (100 << 8) | 50);
        int[][] a = Images.rgbPlanes(rgba);
        assertEquals(200, a[0][0]);
        assertEquals(100, a[1][0]);
        assertEquals(50, a[2][0]);
        BufferedImage bgr = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        bgr.setRGB(0, 0, (1 << 16) | (2 << 8) | 3);
        int[][] b = Images.rgbPlanes(bgr);
        assertEquals(1, b[0][0]);
        assertEquals(2, b[1][0]);
        assertEquals(3, b[2][0]);
    }

    @Test
    void pngWriteAndReadKeepEveryPixel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/out.png");
        Images.writePng(ramp(), file);
        BufferedImage back = Images.read(file);
        int[][] expected = Images.rgbPlanes(ramp());
        int[][] got = Images.rgbPlanes(back);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 256; i++) {
                assertEquals(expected[c][i], got[c][i]);
            }
        }
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }

    @Test
    void mixedSizesAndNonImageTensorsAreRejected() {
        try (NDManager m = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Images.toSignedTensor(m, List.of(ramp(), new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB))));
            assertTrue(e.getMessage().contains("image 1 is 8x8"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Images.fromSignedTensor(m.zeros(new Shape(1, 4, 2, 2))));
        }
    }
}

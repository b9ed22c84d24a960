package org.actionbench.ui.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.MiniRenderer;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.mini.world.SceneKind;
import org.actionbench.ui.RunFixture;
import org.junit.jupiter.api.Test;

class PngReencoderTest {
    private static int[] pixels(byte[] png) throws Exception {
        BufferedImage i = ImageIO.read(new ByteArrayInputStream(png));
        return i.getRGB(0, 0, i.getWidth(), i.getHeight(), null, 0, i.getWidth());
    }

    @Test
    void samePixelsThreeChunksAndALengthThatDependsOnlyOnTheSize() throws Exception {
        byte[] busy = MiniRenderer.render(Cast.HUMANS.get(0), PoseFamily.values()[0], SceneKind.values()[0], 64, 1)
                .png();
        // What a method's encoder may add: gamma and pixel density, planted per method.
        byte[] planted = RunFixture.withChunk(RunFixture.withChunk(busy, "gAMA", ByteBuffer.allocate(4)
                .putInt(45455).array()), "pHYs", new byte[] {0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1});
        BufferedImage flat = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB); // compresses to almost nothing
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(flat, "png", out);
        byte[] tiny = out.toByteArray();
        assertNotEquals(planted.length, tiny.length, "the originals' lengths differ");

        byte[] a = PngReencoder.reencode(planted);
        byte[] b = PngReencoder.reencode(tiny);
        assertEquals(List.of("IHDR", "IDAT", "IEND"), RunFixture.chunkTypes(a));
        assertEquals(List.of("IHDR", "IDAT", "IEND"), RunFixture.chunkTypes(b));
        assertEquals(PngReencoder.length(64, 64), a.length);
        assertEquals(a.length, b.length);
        assertArrayEquals(pixels(busy), pixels(a));
        assertArrayEquals(pixels(tiny), pixels(b));
        // More than one stored block (65,535 bytes each): 200 x 200 RGB is 120,200 bytes of scanlines.
        BufferedImage big = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        big.setRGB(17, 33, 0x123456);
        out.reset();
        ImageIO.write(big, "png", out);
        byte[] c = PngReencoder.reencode(out.toByteArray());
        assertEquals(PngReencoder.length(200, 200), c.length);
        assertArrayEquals(pixels(out.toByteArray()), pixels(c));
    }
}

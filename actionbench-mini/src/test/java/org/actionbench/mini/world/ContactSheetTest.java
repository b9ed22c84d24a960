package org.actionbench.mini.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactSheetTest {
    @Test
    void oneRowPerActionOneColumnPerGroupPlusTheSkeleton(@TempDir Path tmp) throws Exception {
        int cell = 32;
        Path out = tmp.resolve("sheet.png");
        ContactSheet.write(out, 5, cell);
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(4 * (cell + 2) + 2, img.getWidth());
        assertEquals(8 * (cell + 2) + 2, img.getHeight());
        // The last column holds skeleton maps: black and palette colours only.
        Set<Integer> allowed = new HashSet<>();
        allowed.add(0);
        for (int i = 0; i < Skeleton.BONES.size(); i++) {
            allowed.add(SkeletonMap.boneRgb(i));
        }
        for (Joint j : Joint.values()) {
            allowed.add(SkeletonMap.jointRgb(j));
        }
        int x0 = 2 + 3 * (cell + 2);
        int coloured = 0;
        for (int y = 2; y < img.getHeight() - 2; y++) {
            if ((y - 2) % (cell + 2) >= cell) {
                continue;
            }
            for (int x = x0; x < x0 + cell; x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                assertTrue(allowed.contains(rgb), Integer.toHexString(rgb) + " at " + x + "," + y);
                coloured += rgb != 0 ? 1 : 0;
            }
        }
        assertTrue(coloured > 8 * 20, "skeletons missing: " + coloured + " coloured pixels");
        Path again = tmp.resolve("again.png");
        ContactSheet.write(again, 5, cell);
        assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(again));
    }
}

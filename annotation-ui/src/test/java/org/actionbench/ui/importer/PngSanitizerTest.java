package org.actionbench.ui.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.MiniRenderer;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.mini.world.SceneKind;
import org.actionbench.ui.RunFixture;
import org.junit.jupiter.api.Test;

class PngSanitizerTest {
    private static byte[] png() {
        return MiniRenderer.render(Cast.HUMANS.get(0), PoseFamily.values()[0], SceneKind.values()[0], 16, 1).png();
    }

    @Test
    void dropsTextChunksAndKeepsEverythingElseByteForByte() throws Exception {
        byte[] plain = png();
        byte[] tagged = RunFixture.withText(plain, "Comment", "method=adi");
        assertTrue(RunFixture.chunkTypes(tagged).contains("tEXt"));
        byte[] clean = PngSanitizer.sanitize(tagged);
        assertEquals(RunFixture.chunkTypes(plain), RunFixture.chunkTypes(clean));
        assertTrue(Arrays.equals(plain, clean), "removing the inserted chunk gives back the original file");
    }

    @Test
    void refusesDamagedFilesWithAReason() {
        byte[] plain = png();
        assertEquals("not a PNG file (wrong signature)",
                assertThrows(PngSanitizer.NotPngException.class, () -> PngSanitizer.sanitize("GIF89a".getBytes()))
                        .getMessage());
        byte[] truncated = Arrays.copyOf(plain, plain.length - 5);
        assertTrue(assertThrows(PngSanitizer.NotPngException.class, () -> PngSanitizer.sanitize(truncated))
                .getMessage().startsWith("truncated PNG"));
        byte[] flipped = plain.clone();
        flipped[41] ^= 1; // the first data byte of the chunk after IHDR
        assertTrue(assertThrows(PngSanitizer.NotPngException.class, () -> PngSanitizer.sanitize(flipped))
                .getMessage().contains("CRC mismatch"), List.of(RunFixture.chunkTypes(plain)).toString());
    }
}

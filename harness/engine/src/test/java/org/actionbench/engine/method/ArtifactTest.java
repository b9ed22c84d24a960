package org.actionbench.engine.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.weights.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactTest {

    @Test
    void roundTripKeepsTensorsMetadataAndMethod(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] rows = {1, 2, 3, 4, 5, 6};
            Artifact a = new Artifact("adi", Map.of("tokens", m.create(rows, new Shape(2, 1, 3))),
                    Map.of("placeholder", "<action>"));
            Path file = dir.resolve("learned.safetensors");
            a.save(file);
            Artifact b = Artifact.load(file, m);
            assertEquals("adi", b.method());
            assertEquals("<action>", b.metadata().get("placeholder"));
            assertEquals(new Shape(2, 1, 3), b.tensor("tokens").getShape());
            assertArrayEquals(rows, b.tensor("tokens").toFloatArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.tensor("missing"));
            assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("tokens"));
        }
    }

    @Test
    void aFileWithoutMethodIsNotAnArtifact(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Path file = dir.resolve("other.safetensors");
            SafetensorsWriter.write(file, Map.of("format", "pt"), Map.of("x", m.zeros(new Shape(1))));
            Exception e = assertThrows(Exception.class, () -> Artifact.load(file, m));
            assertTrue(e.getMessage().contains("other.safetensors") && e.getMessage().contains("method"));
        }
    }

    @Test
    void exemplarTemplatesNeedExactlyOnePlaceholder() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        ActionExamples.Exemplar ex = new ActionExamples.Exemplar(img, "A man {} in a park", null);
        assertEquals("A man <jump> in a park", ex.prompt("<jump>"));
        assertEquals("A man in a park", ex.prompt(""));
        assertThrows(IllegalArgumentException.class, () -> new ActionExamples.Exemplar(img, "A man in a park", null));
        assertThrows(IllegalArgumentException.class, () -> new ActionExamples.Exemplar(img, "{} and {}", null));
        assertThrows(IllegalArgumentException.class, () -> new ActionExamples("a", "d", List.of(), List.of()));
    }
}

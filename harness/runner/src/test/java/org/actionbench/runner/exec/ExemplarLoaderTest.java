package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.bench.Action;
import org.actionbench.data.bench.Bench;
import org.actionbench.data.bench.BenchValidator;
import org.actionbench.data.bench.Exemplar;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.mini.world.MiniBench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExemplarLoaderTest {

    @Test
    void eachExemplarCarriesItsActionDifferentImagesByActionWhenTheBenchHasThem(@TempDir Path dir) throws Exception {
        Path benchDir = dir.resolve("bench");
        MiniBench.write(benchDir, 0, 16);
        Bench bench = BenchValidator.load(benchDir);
        Action bow = bench.action("bow").orElseThrow();
        ActionExamples examples = ExemplarLoader.examples(bench, benchDir, bow);
        assertTrue(examples.hasActionDifferentImages());
        List<String> others = bench.actions().stream().map(Action::id).filter(id -> !id.equals("bow")).toList();
        for (int k = 0; k < bow.exemplars().size(); k++) {
            ActionExamples.Exemplar e = examples.exemplars().get(k);
            assertEquals(others, List.copyOf(e.actionDifferent().keySet()), "every other action, in bench order");
            for (String other : others) {
                BufferedImage onDisk = Images.read(benchDir.resolve(
                        Exemplar.actionDifferentFile(bow.exemplars().get(k).file(), other)));
                assertArrayEquals(pixels(onDisk), pixels(e.actionDifferent().get(other)), k + " doing " + other);
            }
        }

        // One render gone: loading names the file rather than training on a partial pool.
        Path gone = benchDir.resolve(Exemplar.actionDifferentFile(bow.exemplars().get(3).file(), "squat"));
        Files.delete(gone);
        IOException e = assertThrows(IOException.class, () -> ExemplarLoader.examples(bench, benchDir, bow));
        assertTrue(e.getMessage().contains(gone.toString()), e.getMessage());

        // Without the folders an exemplar carries none.
        Action sit = bench.action("sit").orElseThrow();
        for (Exemplar x : sit.exemplars()) {
            try (var files = Files.walk(benchDir.resolve(Exemplar.actionDifferentFolder(x.file())))) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        ActionExamples bare = ExemplarLoader.examples(bench, benchDir, sit);
        assertTrue(!bare.hasActionDifferentImages());
        assertTrue(bare.exemplars().stream().allMatch(x -> x.actionDifferent().isEmpty()));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}

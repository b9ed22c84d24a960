package org.actionbench.data.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchJsonTest {

    @Test
    void roundTrips(@TempDir Path dir) throws Exception {
        Bench bench = BenchFixtures.bench(3, 4);
        BenchJson.write(dir, bench);
        assertEquals(bench, BenchJson.read(dir));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("bench.json")), s.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void writesStableKeyOrderPretty() {
        Bench bench = new Bench(
                List.of(new Action("wave", "waves", "waving a hand", List.of(new Exemplar("wave/0.png", "A man {}")))),
                List.of(new Subject("cat", "A cat", SubjectGroup.ANIMAL)), new Evaluation(2, 1));
        String expected = """
                {
                  "actions": [
                    {
                      "id": "wave",
                      "name": "waves",
                      "description": "waving a hand",
                      "exemplars": [
                        {
                          "file": "wave/0.png",
                          "prompt": "A man {}"
                        }
                      ]
                    }
                  ],
                  "subjects": [
                    {
                      "id": "cat",
                      "text": "A cat",
                      "group": "animal"
                    }
                  ],
                  "evaluation": {
                    "imagesPerPair": 2,
                    "exemplarsPerAction": 1
                  }
                }
                """;
        assertEquals(expected, BenchJson.toJson(bench));
    }

    @Test
    void evaluationDefaultsWhenLeftOut(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bench.json"), """
                {"actions": [{"id": "a", "name": "n", "description": "d", "exemplars": []}],
                 "subjects": [{"id": "s", "text": "A cat", "group": "animal"}]}
                """);
        assertEquals(new Evaluation(4, 10), BenchJson.read(dir).evaluation());
        Files.writeString(dir.resolve("bench.json"), """
                {"actions": [], "subjects": [], "evaluation": {"imagesPerPair": 2}}
                """);
        assertEquals(new Evaluation(2, 10), BenchJson.read(dir).evaluation());
    }

    @Test
    void readReportsShapeProblemsWithPaths(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bench.json"), """
                {"actions": [{"id": 5, "name": "n", "exemplars": [{"file": "x.png", "prompt": ["A {}"]}]}],
                 "subjects": "none", "colour": 1}
                """);
        BenchException e = assertThrows(BenchException.class, () -> BenchJson.read(dir));
        Path f = dir.resolve("bench.json");
        assertEquals(List.of(
                new Problem(f, "colour", "unknown field (expected actions, subjects, evaluation)"),
                new Problem(f, "actions[0].id", "expected a string, found a number"),
                new Problem(f, "actions[0].description", "missing"),
                new Problem(f, "actions[0].exemplars[0].prompt", "expected a string, found an array"),
                new Problem(f, "subjects", "expected an array, found a string")), e.problems());
        assertEquals(e.problems().get(0) + "\n" + e.problems().get(1), e.getMessage().lines().limit(2)
                .reduce((a, b) -> a + "\n" + b).orElseThrow());
    }
}

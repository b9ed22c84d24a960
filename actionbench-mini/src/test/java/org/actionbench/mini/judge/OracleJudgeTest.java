package org.actionbench.mini.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.mini.world.Render;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OracleJudgeTest {

    @Test
    void crossEntropyIsMinusTheLogSoftmaxOfTheTrueClass() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = m.create(new float[] {1, 2, 3, 0, 0, 5}, new Shape(2, 3));
            NDArray targets = m.create(new float[] {0, 0, 1, 1, 0, 0}, new Shape(2, 3));
            double first = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
            double second = -Math.log(1 / (2 + Math.exp(5)));
            assertEquals((first + second) / 2, JudgeTraining.crossEntropy(logits, targets).getFloat(), 1e-5);
        }
    }

    @Test
    void aTrainedJudgeSavesLoadsAndCountsAccuracyAsItsReadingsSay(@TempDir Path dir) throws Exception {
        JudgeTraining.Plan plan = new JudgeTraining.Plan(3, 64, 8, 3, 1e-3, 24, List.of(8, 8, 16, 16), 16, 100);
        JudgeTraining.Result result = JudgeTraining.train(plan, dir.resolve("judge"), dir.resolve("work"),
                TrainingListener.NONE);
        assertTrue(Double.isFinite(result.finalLoss()));
        List<Render> renders = JudgeTraining.heldOut(plan.seed(), 64, 24);
        try (OracleJudge judge = OracleJudge.load(dir.resolve("judge"))) {
            List<OracleJudge.Reading> readings = judge.read(renders.stream().map(Render::image).toList());
            long actions = 0;
            long subjects = 0;
            for (int i = 0; i < renders.size(); i++) {
                actions += readings.get(i).action().label().equals(renders.get(i).actionId()) ? 1 : 0;
                subjects += readings.get(i).subject().label().equals(renders.get(i).subjectId()) ? 1 : 0;
                assertTrue(readings.get(i).action().probability() >= 1.0 / 8 - 1e-6, "the arg-max beats uniform");
            }
            JudgeTraining.Accuracy a = JudgeTraining.accuracy(judge, renders);
            assertEquals(actions / 24.0, a.action(), 1e-12);
            assertEquals(subjects / 24.0, a.subject(), 1e-12);
            // Weights are stored as float16, so the reloaded judge's accuracy may differ from the in-memory one
            // only through rounding; with these few steps the readings are what they are, but loading twice agrees.
            try (OracleJudge again = OracleJudge.load(dir.resolve("judge"))) {
                assertEquals(readings, again.read(renders.stream().map(Render::image).toList()));
            }
        }
    }

    @Test
    void aResumedJudgeTrainingWritesTheSameJudgeAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        // 25 steps, a checkpoint every 10, progress every 20: the crash comes after step 20's checkpoint.
        JudgeTraining.Plan plan = new JudgeTraining.Plan(5, 64, 4, 25, 1e-3, 16, List.of(8, 8, 16, 16), 16, 10);
        JudgeTraining.Result straight = JudgeTraining.train(plan, dir.resolve("a"), dir.resolve("work-a"),
                TrainingListener.NONE);
        List<String> log = new ArrayList<>();
        TrainingListener crashing = new TrainingListener() {
            @Override
            public void step(long step, long total, Map<String, Double> metrics) {
                if (step == 20) {
                    throw new IllegalStateException("simulated crash");
                }
            }

            @Override
            public void log(String line) {
                log.add(line);
            }
        };
        assertThrows(IllegalStateException.class, () -> JudgeTraining.train(plan, dir.resolve("b"),
                dir.resolve("work-b"), crashing));
        assertFalse(Files.exists(dir.resolve("b")), "nothing is written before the training ends");
        JudgeTraining.Result resumed = JudgeTraining.train(plan, dir.resolve("b"), dir.resolve("work-b"), crashing);
        assertTrue(log.stream().anyMatch(l -> l.contains("resumed from " + JudgeTraining.CHECKPOINT_FILE
                + " at step 20")), log.toString());
        try (Stream<Path> files = Files.walk(dir.resolve("a"))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertFalse(all.isEmpty());
            for (Path f : all) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("b").resolve(
                        dir.resolve("a").relativize(f))), "differs: " + f);
            }
        }
        assertEquals(straight.heldOut(), resumed.heldOut());
    }

    @Test
    void aFolderThatIsNotAJudgeIsNamed(@TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class, () -> OracleJudge.load(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        Files.createDirectories(dir.resolve("action"));
        Files.createDirectories(dir.resolve("subject"));
        Files.writeString(dir.resolve("action/config.json"), "{\"name\": \"action\", \"labels\": [\"a\", \"b\"]}");
        IOException missing = assertThrows(IOException.class, () -> OracleJudge.load(dir));
        assertTrue(missing.getMessage().contains("resolution"), missing.getMessage());
    }
}

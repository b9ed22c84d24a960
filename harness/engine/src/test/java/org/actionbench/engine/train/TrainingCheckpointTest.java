package org.actionbench.engine.train;

import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.nn.Seeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.weights.SafetensorsFile;
import org.actionbench.engine.weights.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointTest {
    private static final long SEED = 2024;
    private static final AdamWConfig CONFIG = new AdamWConfig(0.01, 0.9, 0.999, 1e-8, 0.01);

    @TempDir
    Path dir;

    /** A tiny run: two tokens through a frozen linear layer towards per-step Gaussian targets. */
    private static final class Run implements AutoCloseable {
        final NDManager manager = NDManager.newBaseManager("PyTorch");
        final Linear frozen = new Linear(4, 3, true);
        final NDArray tokens;
        final NDArray bias;
        final AdamW adam;

        Run() {
            frozen.initialize(manager, 7);
            tokens = manager.create(new float[] {0.1f, -0.2f, 0.3f, 0.05f, -0.4f, 0.2f, 0f, 0.7f}, new Shape(2, 4));
            tokens.setRequiresGradient(true);
            bias = manager.create(new float[] {0.5f, -0.5f, 0.25f});
            bias.setRequiresGradient(true);
            Map<String, NDArray> trainable = new LinkedHashMap<>();
            trainable.put("tokens", tokens);
            trainable.put("shift", bias);
            adam = new AdamW(manager, trainable, CONFIG);
        }

        void train(long from, long to) {
            for (long step = from; step < to; step++) {
                final long s = step;
                try (StepScope scope = StepScope.open(manager, List.copyOf(adam.parameters().values()), frozen.arrays())) {
                    NDArray target = Seeds.gaussian(scope.manager(), new Shape(2, 3), Seeds.derive(SEED, "noise", s));
                    Gradients g = Gradients.compute(adam.parameters(), scope.manager(),
                            () -> frozen.forward(tokens).add(bias).sub(target).square().mean());
                    // Every third step trains only the first two channels of the tokens (ADI-style masking).
                    Map<String, NDArray> masks = s % 3 == 0
                            ? Map.of("tokens", scope.manager().create(new boolean[] {true, true, false, false}))
                            : Map.of();
                    adam.step(g.byName(), masks);
                }
            }
        }

        @Override
        public void close() {
            adam.close();
            manager.close();
        }
    }

    private static void assertSameBits(NDArray expected, NDArray actual, String what) {
        assertArrayEquals(AdamWTest.bits(expected.toFloatArray()), AdamWTest.bits(actual.toFloatArray()), what);
    }

    @Test
    void resumedRunIsBitIdenticalToUninterruptedRun() throws IOException {
        Path file = dir.resolve("ckpt/state.safetensors");
        try (Run straight = new Run()) {
            straight.train(0, 12);
            try (Run first = new Run()) {
                first.train(0, 6);
                new TrainingCheckpoint(6, Map.of("run", "r1", "method", "adi")).save(file, first.adam);
            }
            try (Run resumed = new Run()) {
                TrainingCheckpoint c = TrainingCheckpoint.restore(file, resumed.adam);
                assertEquals(6, c.step());
                assertEquals(Map.of("run", "r1", "method", "adi"), c.metadata());
                assertEquals(6, resumed.adam.stepCount());
                resumed.train(c.step(), 12);
                assertEquals(12, resumed.adam.stepCount());
                for (String name : List.of("tokens", "shift")) {
                    assertSameBits(straight.adam.parameters().get(name), resumed.adam.parameters().get(name), name);
                    assertSameBits(straight.adam.firstMoment(name), resumed.adam.firstMoment(name), "m of " + name);
                    assertSameBits(straight.adam.secondMoment(name), resumed.adam.secondMoment(name), "v of " + name);
                }
                assertTrue(resumed.tokens.hasGradient(), "restored tensor lost requires-gradient");
            }
        }
    }

    @Test
    void checkpointWithoutTheRestoredStateWouldDiverge() throws IOException {
        // Control for the test above: resuming the tensors alone (fresh moments) does not give the same bits,
        // so bit-identity there really comes from the restored optimizer state.
        try (Run straight = new Run(); Run partial = new Run()) {
            straight.train(0, 12);
            partial.train(0, 6);
            try (AdamW fresh = new AdamW(partial.manager, partial.adam.parameters(), CONFIG)) {
                Path file = dir.resolve("params-only.safetensors");
                new TrainingCheckpoint(6, Map.of()).save(file, fresh);
            }
            try (Run resumed = new Run()) {
                TrainingCheckpoint.restore(dir.resolve("params-only.safetensors"), resumed.adam);
                resumed.train(6, 12);
                assertTrue(!Arrays.equals(straight.tokens.toFloatArray(), resumed.tokens.toFloatArray()));
            }
        }
    }

    @Test
    void mismatchedCheckpointIsRefusedNamingFileAndKeyAndChangesNothing() throws IOException {
        Path file = dir.resolve("bad.safetensors");
        try (Run run = new Run()) {
            new TrainingCheckpoint(3, Map.of()).save(file, run.adam);
        }
        // Rewrite it with adam_v/tokens of another shape and adam_m/shift missing.
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        Map<String, String> meta;
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                SafetensorsFile in = SafetensorsFile.open(file)) {
            meta = in.metadata();
            for (var t : in.tensors()) {
                tensors.put(t.name(), in.toNDArray(m, t.name()));
            }
            tensors.put("adam_v/tokens", m.zeros(new Shape(3, 4)));
            tensors.remove("adam_m/shift");
            SafetensorsWriter.write(file, meta, tensors);
        }
        try (Run run = new Run()) {
            float[] before = run.tokens.toFloatArray();
            IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.restore(file, run.adam));
            String msg = e.getMessage();
            assertTrue(msg.contains(file.toString()), msg);
            assertTrue(msg.contains("'adam_v/tokens'") && msg.contains("(3, 4)"), msg);
            assertTrue(msg.contains("'adam_m/shift'") && msg.contains("missing"), msg);
            assertArrayEquals(before, run.tokens.toFloatArray());
            assertEquals(0, run.adam.stepCount());
        }
    }

    @Test
    void otherHyperParametersAreRefused() throws IOException {
        Path file = dir.resolve("hyper.safetensors");
        try (Run run = new Run()) {
            new TrainingCheckpoint(0, Map.of()).save(file, run.adam);
            try (AdamW other = new AdamW(run.manager, run.adam.parameters(), CONFIG.withWeightDecay(0.5))) {
                IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.restore(file, other));
                assertTrue(e.getMessage().contains("'adam_weight_decay'"), e.getMessage());
            }
        }
    }

    @Test
    void reservedMetadataKeysAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingCheckpoint(1, Map.of("step", "5")));
        assertTrue(e.getMessage().contains("'step'"), e.getMessage());
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException {
        Path file = dir.resolve("clean.safetensors");
        try (Run run = new Run()) {
            new TrainingCheckpoint(0, Map.of()).save(file, run.adam);
            new TrainingCheckpoint(1, Map.of()).save(file, run.adam);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}

package org.actionbench.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExponentialMovingAverageTest {

    @Test
    void followsTheWarmedUpDecayByHand() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[] {1f, 2f});
            w.setRequiresGradient(true);
            try (ExponentialMovingAverage ema = new ExponentialMovingAverage(m, Map.of("w", w), 0.5)) {
                // update 1: d = min(0.5, 2/11); update 2: d = min(0.5, 3/12) = 0.25; update 3: d = min(0.5, 4/13)
                assertEquals(2.0 / 11, ema.decayAt(1), 1e-15);
                assertEquals(0.25, ema.decayAt(2), 1e-15);
                assertEquals(0.5, ema.decayAt(100), 1e-15);
                double[] avg = {1, 2};
                float[][] values = {{3f, -1f}, {5f, 0f}, {-2f, 4f}};
                for (int n = 1; n <= values.length; n++) {
                    w.stopGradient().set(new NDIndex("..."), m.create(values[n - 1]));
                    ema.update(n);
                    double d = Math.min(0.5, (1.0 + n) / (10.0 + n));
                    for (int i = 0; i < 2; i++) {
                        avg[i] = d * avg[i] + (1 - d) * values[n - 1][i];
                    }
                    float[] got = ema.tensors().get("w").toFloatArray();
                    assertEquals(avg[0], got[0], 1e-5);
                    assertEquals(avg[1], got[1], 1e-5);
                }
                assertArrayEquals(new float[] {-2f, 4f}, w.toFloatArray(), "the raw weights are untouched");
                ema.copyToParameters();
                assertEquals(avg[0], w.toFloatArray()[0], 1e-5);
                assertEquals(avg[1], w.toFloatArray()[1], 1e-5);
            }
        }
    }

    @Test
    void refusesADecayOutsideTheOpenUnitInterval() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> p = Map.of("w", m.create(new float[] {1f}));
            assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(m, p, 1.0));
            assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(m, p, 0.0));
        }
    }

    @Test
    void travelsInACheckpointAndRestoresIntoFreshAverages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.safetensors");
        float[] saved;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            Map<String, NDArray> p = new LinkedHashMap<>(Map.of("w", w));
            try (AdamW adam = new AdamW(m, p, AdamWConfig.defaults(0.1));
                    ExponentialMovingAverage ema = new ExponentialMovingAverage(m, p, 0.9)) {
                w.stopGradient().set(new NDIndex("..."), m.create(new float[] {4f, 5f, 6f}));
                ema.update(1);
                saved = ema.tensors().get("w").toFloatArray();
                new TrainingCheckpoint(1, Map.of()).save(file, adam, ema.tensors());
            }
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[] {0f, 0f, 0f});
            w.setRequiresGradient(true);
            Map<String, NDArray> p = Map.of("w", w);
            try (AdamW adam = new AdamW(m, p, AdamWConfig.defaults(0.1));
                    ExponentialMovingAverage ema = new ExponentialMovingAverage(m, p, 0.9)) {
                assertEquals(1, TrainingCheckpoint.restore(file, adam, ema.tensors()).step());
                assertArrayEquals(saved, ema.tensors().get("w").toFloatArray());
                assertArrayEquals(new float[] {4f, 5f, 6f}, w.toFloatArray());
            }
            try (AdamW adam = new AdamW(m, p, AdamWConfig.defaults(0.1))) {
                Exception e = assertThrows(java.io.IOException.class, () -> TrainingCheckpoint.restore(file, adam));
                org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'extra/w' is not part"),
                        e.getMessage());
            }
        }
    }
}

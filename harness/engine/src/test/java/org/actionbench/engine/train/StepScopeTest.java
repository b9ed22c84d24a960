package org.actionbench.engine.train;

import org.actionbench.engine.nn.StepScope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepScopeTest {

    @Test
    void intermediatesAreFreedAndParametersGoHome() {
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            NDManager model = root.newSubManager();
            NDArray w = model.ones(new Shape(4, 4));
            NDArray token = root.create(new float[] {1f, 2f, 3f, 4f}, new Shape(1, 4));
            token.setRequiresGradient(true);
            int modelArrays = model.getManagedArrays().size();
            int rootArrays = root.getManagedArrays().size();
            NDArray intermediate;
            try (StepScope step = StepScope.open(root, List.of(token), List.of(w, w))) {
                assertSame(step.manager(), token.getManager());
                intermediate = token.matMul(w).tanh();
                Gradients.compute(Map.of("token", token), step.manager(), () -> token.matMul(w).sum());
                assertSame(step.manager(), intermediate.getManager());
            }
            assertTrue(intermediate.isReleased(), "an intermediate of the step survived it");
            assertSame(model, w.getManager());
            assertSame(root, token.getManager());
            assertFalse(w.isReleased(), "a frozen parameter listed twice was freed with the step");
            // Counts include sub-managers' arrays, so the model's are inside the root's.
            assertEquals(modelArrays, model.getManagedArrays().size());
            assertEquals(rootArrays, root.getManagedArrays().size());
            assertEquals(16f, w.sum().getFloat());
        }
    }

    @Test
    void managedArraysDoNotGrowOverSteps() {
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            NDArray w = root.ones(new Shape(8, 8)).mul(0.1f);
            NDArray token = root.ones(new Shape(2, 8));
            token.setRequiresGradient(true);
            Map<String, NDArray> trainable = Map.of("token", token);
            try (AdamW adam = new AdamW(root, trainable, AdamWConfig.defaults(1e-3))) {
                int before = -1;
                for (int i = 0; i < 20; i++) {
                    try (StepScope step = StepScope.open(root, List.of(token, w))) {
                        Gradients g = Gradients.compute(trainable, step.manager(),
                                () -> token.matMul(w).tanh().square().mean());
                        adam.step(g.byName());
                    }
                    if (i == 0) {
                        before = root.getManagedArrays().size();
                    }
                }
                assertEquals(before, root.getManagedArrays().size());
            }
        }
    }
}

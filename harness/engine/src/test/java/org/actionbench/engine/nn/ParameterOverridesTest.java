package org.actionbench.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterOverridesTest {

    @Test
    void overridesApplyAndRestoreTheVeryArrays() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear layer = new Linear(3, 2, true);
            layer.initialize(m, 1);
            NDArray originalWeight = layer.weight().array();
            NDArray x = m.create(new float[] {1, 2, 3}, new Shape(1, 3));
            float[] before = layer.forward(x).toFloatArray();
            NDArray zero = m.zeros(new Shape(2, 3));
            try (ParameterOverrides o = ParameterOverrides.apply(layer, Map.of("weight", zero))) {
                float[] bias = layer.namedParameters().get("bias").array().toFloatArray();
                assertArrayEquals(bias, layer.forward(x).toFloatArray());
            }
            assertSame(originalWeight, layer.weight().array());
            assertArrayEquals(before, layer.forward(x).toFloatArray());
            assertTrue(!zero.isReleased(), "the override array stays the caller's");
        }
    }

    @Test
    void unknownKeyOrWrongShapeChangesNothing() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear layer = new Linear(3, 2, true);
            layer.initialize(m, 1);
            NDArray w = layer.weight().array();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterOverrides.apply(
                    layer, Map.of("weight", m.zeros(new Shape(2, 3)), "wieght", m.zeros(new Shape(2, 3)))));
            assertTrue(e.getMessage().contains("wieght"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> ParameterOverrides.apply(layer, Map.of("weight", m.zeros(new Shape(3, 2)))));
            assertTrue(e.getMessage().contains("weight") && e.getMessage().contains("(3, 2)"), e.getMessage());
            assertSame(w, layer.weight().array());
        }
    }
}

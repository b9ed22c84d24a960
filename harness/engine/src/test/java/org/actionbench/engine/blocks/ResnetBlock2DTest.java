package org.actionbench.engine.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.nn.PlainMath;
import org.junit.jupiter.api.Test;

class ResnetBlock2DTest {

    @Test
    void keysAndShapesAreDiffusers() {
        Map<String, Parameter> p = new ResnetBlock2D(4, 6, 5, 2, 1e-5).namedParameters();
        assertEquals(new Shape(4), p.get("norm1.weight").shape());
        assertEquals(new Shape(6, 4, 3, 3), p.get("conv1.weight").shape());
        assertEquals(new Shape(6, 5), p.get("time_emb_proj.weight").shape());
        assertEquals(new Shape(6), p.get("norm2.bias").shape());
        assertEquals(new Shape(6, 6, 3, 3), p.get("conv2.weight").shape());
        assertEquals(new Shape(6, 4, 1, 1), p.get("conv_shortcut.weight").shape());
        assertEquals(12, p.size());
        Map<String, Parameter> vae = new ResnetBlock2D(4, 4, null, 2, 1e-6).namedParameters();
        assertFalse(vae.containsKey("time_emb_proj.weight"));
        assertFalse(vae.containsKey("conv_shortcut.weight"));
        assertEquals(8, vae.size());
    }

    @Test
    void withTimeEmbeddingAndShortcutMatchesPlainReference() {
        int b = 2;
        int in = 4;
        int out = 6;
        int temb = 5;
        int h = 3;
        int w = 4;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ResnetBlock2D block = new ResnetBlock2D(in, out, temb, 2, 1e-5);
            PlainMath.randomize(block, m, 31);
            float[] x = PlainMath.gaussian(1, b * in * h * w, 1);
            float[] t = PlainMath.gaussian(2, b * temb, 1);
            NDArray y = block.forward(m.create(x, new Shape(b, in, h, w)), m.create(t, new Shape(b, temb)));
            assertEquals(new Shape(b, out, h, w), y.getShape());

            double[] xd = PlainMath.doubles(x);
            double[] hd = PlainMath.conv2d(PlainMath.silu(PlainMath.groupNorm(xd, b, in, h * w, 2, 1e-5,
                    PlainMath.param(block, "norm1.weight"), PlainMath.param(block, "norm1.bias"))), b, in, h, w,
                    PlainMath.param(block, "conv1.weight"), PlainMath.param(block, "conv1.bias"), out, 3, 1, 1);
            double[] proj = PlainMath.linear(PlainMath.silu(PlainMath.doubles(t)), b, temb,
                    PlainMath.param(block, "time_emb_proj.weight"), PlainMath.param(block, "time_emb_proj.bias"), out);
            for (int n = 0; n < b; n++) {
                for (int c = 0; c < out; c++) {
                    for (int s = 0; s < h * w; s++) {
                        hd[(n * out + c) * h * w + s] += proj[n * out + c];
                    }
                }
            }
            hd = PlainMath.conv2d(PlainMath.silu(PlainMath.groupNorm(hd, b, out, h * w, 2, 1e-5,
                    PlainMath.param(block, "norm2.weight"), PlainMath.param(block, "norm2.bias"))), b, out, h, w,
                    PlainMath.param(block, "conv2.weight"), PlainMath.param(block, "conv2.bias"), out, 3, 1, 1);
            double[] shortcut = PlainMath.conv2d(xd, b, in, h, w, PlainMath.param(block, "conv_shortcut.weight"),
                    PlainMath.param(block, "conv_shortcut.bias"), out, 1, 1, 0);
            PlainMath.assertClose(PlainMath.add(shortcut, hd), y.toFloatArray(), 2e-5, "resnet");
        }
    }

    @Test
    void withoutTimeEmbeddingIdentityShortcutAndOutputScale() {
        int c = 4;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ResnetBlock2D block = new ResnetBlock2D(c, c, null, 2, 1e-6, 2.0, "default");
            PlainMath.randomize(block, m, 37);
            float[] x = PlainMath.gaussian(3, c * 9, 1);
            NDArray y = block.forward(m.create(x, new Shape(1, c, 3, 3)));
            double[] xd = PlainMath.doubles(x);
            double[] hd = PlainMath.conv2d(PlainMath.silu(PlainMath.groupNorm(xd, 1, c, 9, 2, 1e-6,
                    PlainMath.param(block, "norm1.weight"), PlainMath.param(block, "norm1.bias"))), 1, c, 3, 3,
                    PlainMath.param(block, "conv1.weight"), PlainMath.param(block, "conv1.bias"), c, 3, 1, 1);
            hd = PlainMath.conv2d(PlainMath.silu(PlainMath.groupNorm(hd, 1, c, 9, 2, 1e-6,
                    PlainMath.param(block, "norm2.weight"), PlainMath.param(block, "norm2.bias"))), 1, c, 3, 3,
                    PlainMath.param(block, "conv2.weight"), PlainMath.param(block, "conv2.bias"), c, 3, 1, 1);
            double[] expected = PlainMath.add(xd, hd);
            for (int i = 0; i < expected.length; i++) {
                expected[i] /= 2.0;
            }
            PlainMath.assertClose(expected, y.toFloatArray(), 2e-5, "resnet without temb");
        }
    }

    @Test
    void scaleShiftIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResnetBlock2D(4, 4, 8, 2, 1e-5, 1.0, "scale_shift"));
        assertTrue(e.getMessage().contains("resnet_time_scale_shift"), e.getMessage());
    }
}

package org.actionbench.engine.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.nn.PlainMath;
import org.junit.jupiter.api.Test;

/** BasicTransformerBlock and Transformer2DModel against a plain double-precision reference. */
class TransformerTest {
    static final int DIM = 8;
    static final int HEADS = 2;
    static final int HEAD_DIM = 4;
    static final int CROSS = 5;

    /** One sequence [t, DIM] through the block whose keys start with {@code pre}. */
    static double[] block(Module m, String pre, double[] x, int t, double[] ctx, int s) {
        double[] n1 = PlainMath.layerNorm(x, t, DIM, 1e-5, PlainMath.param(m, pre + "norm1.weight"),
                PlainMath.param(m, pre + "norm1.bias"));
        x = PlainMath.add(x, attention(m, pre + "attn1.", n1, t, n1, t, DIM));
        double[] n2 = PlainMath.layerNorm(x, t, DIM, 1e-5, PlainMath.param(m, pre + "norm2.weight"),
                PlainMath.param(m, pre + "norm2.bias"));
        x = PlainMath.add(x, attention(m, pre + "attn2.", n2, t, ctx, s, CROSS));
        double[] n3 = PlainMath.layerNorm(x, t, DIM, 1e-5, PlainMath.param(m, pre + "norm3.weight"),
                PlainMath.param(m, pre + "norm3.bias"));
        int inner = 4 * DIM;
        double[] proj = PlainMath.linear(n3, t, DIM, PlainMath.param(m, pre + "ff.net.0.proj.weight"),
                PlainMath.param(m, pre + "ff.net.0.proj.bias"), 2 * inner);
        double[] gated = new double[t * inner];
        for (int r = 0; r < t; r++) {
            for (int i = 0; i < inner; i++) {
                gated[r * inner + i] = proj[r * 2 * inner + i] * PlainMath.gelu(proj[r * 2 * inner + inner + i]);
            }
        }
        return PlainMath.add(x, PlainMath.linear(gated, t, inner, PlainMath.param(m, pre + "ff.net.2.weight"),
                PlainMath.param(m, pre + "ff.net.2.bias"), DIM));
    }

    static double[] attention(Module m, String pre, double[] x, int t, double[] kv, int s, int kvDim) {
        double[] q = PlainMath.linear(x, t, DIM, PlainMath.param(m, pre + "to_q.weight"), null, HEADS * HEAD_DIM);
        double[] k = PlainMath.linear(kv, s, kvDim, PlainMath.param(m, pre + "to_k.weight"), null, HEADS * HEAD_DIM);
        double[] v = PlainMath.linear(kv, s, kvDim, PlainMath.param(m, pre + "to_v.weight"), null, HEADS * HEAD_DIM);
        return PlainMath.linear(PlainMath.attention(q, k, v, t, s, HEADS, HEAD_DIM), t, HEADS * HEAD_DIM,
                PlainMath.param(m, pre + "to_out.0.weight"), PlainMath.param(m, pre + "to_out.0.bias"), DIM);
    }

    @Test
    void basicTransformerBlockMatchesReference() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BasicTransformerBlock b = new BasicTransformerBlock(DIM, HEADS, HEAD_DIM, CROSS);
            PlainMath.randomize(b, m, 41);
            float[] x = PlainMath.gaussian(1, 2 * 3 * DIM, 1);
            float[] ctx = PlainMath.gaussian(2, 2 * 4 * CROSS, 1);
            NDArray y = b.forward(m.create(x, new Shape(2, 3, DIM)), m.create(ctx, new Shape(2, 4, CROSS)));
            double[] expected = new double[2 * 3 * DIM];
            for (int n = 0; n < 2; n++) {
                double[] xn = java.util.Arrays.copyOfRange(PlainMath.doubles(x), n * 3 * DIM, (n + 1) * 3 * DIM);
                double[] cn = java.util.Arrays.copyOfRange(PlainMath.doubles(ctx), n * 4 * CROSS, (n + 1) * 4 * CROSS);
                System.arraycopy(block(b, "", xn, 3, cn, 4), 0, expected, n * 3 * DIM, 3 * DIM);
            }
            PlainMath.assertClose(expected, y.toFloatArray(), 2e-5, "transformer block");
        }
    }

    @Test
    void contextOfTheWrongWidthIsRejected() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BasicTransformerBlock b = new BasicTransformerBlock(DIM, HEADS, HEAD_DIM, CROSS);
            b.initialize(m, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.forward(m.zeros(new Shape(1, 3, DIM)), m.zeros(new Shape(1, 4, CROSS + 1))));
            assertEquals(true, e.getMessage().contains("[batch, tokens, " + CROSS + "]"), e.getMessage());
        }
    }

    @Test
    void transformer2dWithLinearProjectionMatchesReference() {
        int h = 2;
        int w = 3;
        int hw = h * w;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Transformer2DModel t = new Transformer2DModel(HEADS, HEAD_DIM, DIM, 2, CROSS, 4, true);
            PlainMath.randomize(t, m, 43);
            float[] x = PlainMath.gaussian(3, DIM * hw, 1);
            float[] ctx0 = PlainMath.gaussian(4, 2 * CROSS, 1);
            float[] ctx1 = PlainMath.gaussian(5, 2 * CROSS, 1);
            Conditioning c = Conditioning.perLayer(java.util.List.of(m.zeros(new Shape(1, 2, CROSS)),
                    m.create(ctx0, new Shape(1, 2, CROSS)), m.create(ctx1, new Shape(1, 2, CROSS))));
            // blocks 0 and 1 read layers 1 and 2
            NDArray y = t.forward(m.create(x, new Shape(1, DIM, h, w)), c, 1);
            double[] xd = PlainMath.doubles(x);
            double[] tokens = PlainMath.transpose(PlainMath.groupNorm(xd, 1, DIM, hw, 4, 1e-6,
                    PlainMath.param(t, "norm.weight"), PlainMath.param(t, "norm.bias")), DIM, hw);
            tokens = PlainMath.linear(tokens, hw, DIM, PlainMath.param(t, "proj_in.weight"),
                    PlainMath.param(t, "proj_in.bias"), DIM);
            tokens = block(t, "transformer_blocks.0.", tokens, hw, PlainMath.doubles(ctx0), 2);
            tokens = block(t, "transformer_blocks.1.", tokens, hw, PlainMath.doubles(ctx1), 2);
            tokens = PlainMath.linear(tokens, hw, DIM, PlainMath.param(t, "proj_out.weight"),
                    PlainMath.param(t, "proj_out.bias"), DIM);
            double[] expected = PlainMath.add(PlainMath.transpose(tokens, hw, DIM), xd);
            PlainMath.assertClose(expected, y.toFloatArray(), 2e-5, "transformer 2d");
        }
    }

    /** A 1×1 convolution on the map is the linear projection on its tokens: same weights, same output. */
    @Test
    void convProjectionEqualsLinearProjectionWithTheSameWeights() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Transformer2DModel linear = new Transformer2DModel(HEADS, HEAD_DIM, DIM, 1, CROSS, 4, true);
            Transformer2DModel conv = new Transformer2DModel(HEADS, HEAD_DIM, DIM, 1, CROSS, 4, false);
            PlainMath.randomize(linear, m, 47);
            Map<String, Parameter> target = conv.namedParameters();
            for (Map.Entry<String, Parameter> e : linear.namedParameters().entrySet()) {
                Parameter p = target.get(e.getKey());
                p.set(e.getValue().array().reshape(p.shape()));
            }
            NDArray x = m.create(PlainMath.gaussian(6, 2 * DIM * 6, 1), new Shape(2, DIM, 3, 2));
            Conditioning c = Conditioning.shared(m.create(PlainMath.gaussian(7, 2 * 3 * CROSS, 1), new Shape(2, 3, CROSS)));
            PlainMath.assertClose(PlainMath.doubles(linear.forward(x, c, 0)), conv.forward(x, c, 0).toFloatArray(), 1e-5,
                    "conv vs linear projection");
        }
    }
}

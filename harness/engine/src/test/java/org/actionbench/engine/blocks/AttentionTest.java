package org.actionbench.engine.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class AttentionTest {

    @Test
    void transformerAttentionHasDiffusersKeys() {
        Attention a = Attention.transformer(6, 5, 2, 3);
        Map<String, Parameter> p = a.namedParameters();
        assertEquals(new Shape(6, 6), p.get("to_q.weight").shape());
        assertEquals(new Shape(6, 5), p.get("to_k.weight").shape());
        assertEquals(new Shape(6, 5), p.get("to_v.weight").shape());
        assertEquals(new Shape(6, 6), p.get("to_out.0.weight").shape());
        assertEquals(new Shape(6), p.get("to_out.0.bias").shape());
        assertFalse(p.containsKey("to_q.bias"));
        assertEquals(5, p.size());
    }

    @Test
    void spatialAttentionHasGroupNormAndBiases() {
        Attention a = Attention.spatial(8, 1, 8, 4, 1e-6, 1.0);
        Map<String, Parameter> p = a.namedParameters();
        assertEquals(new Shape(8), p.get("group_norm.weight").shape());
        assertEquals(new Shape(8), p.get("group_norm.bias").shape());
        assertEquals(new Shape(8), p.get("to_q.bias").shape());
        assertEquals(new Shape(8), p.get("to_v.bias").shape());
        assertEquals(10, p.size());
    }

    @Test
    void crossAttentionMatchesPlainReference() {
        int b = 2;
        int t = 4;
        int s = 3;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Attention a = Attention.transformer(6, 5, 2, 3);
            PlainMath.randomize(a, m, 17);
            float[] x = PlainMath.gaussian(1, b * t * 6, 1.5);
            float[] ctx = PlainMath.gaussian(2, b * s * 5, 1.5);
            NDArray y = a.forward(m.create(x, new Shape(b, t, 6)), m.create(ctx, new Shape(b, s, 5)));
            assertEquals(new Shape(b, t, 6), y.getShape());
            double[] expected = new double[b * t * 6];
            for (int n = 0; n < b; n++) {
                double[] xn = slice(PlainMath.doubles(x), n * t * 6, t * 6);
                double[] cn = slice(PlainMath.doubles(ctx), n * s * 5, s * 5);
                double[] q = PlainMath.linear(xn, t, 6, PlainMath.param(a, "to_q.weight"), null, 6);
                double[] k = PlainMath.linear(cn, s, 5, PlainMath.param(a, "to_k.weight"), null, 6);
                double[] v = PlainMath.linear(cn, s, 5, PlainMath.param(a, "to_v.weight"), null, 6);
                double[] o = PlainMath.linear(PlainMath.attention(q, k, v, t, s, 2, 3), t, 6,
                        PlainMath.param(a, "to_out.0.weight"), PlainMath.param(a, "to_out.0.bias"), 6);
                System.arraycopy(o, 0, expected, n * t * 6, o.length);
            }
            PlainMath.assertClose(expected, y.toFloatArray(), 1e-5, "cross-attention");
        }
    }

    @Test
    void selfAttentionTakesKeysFromTheInput() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Attention a = Attention.transformer(4, 4, 2, 2);
            PlainMath.randomize(a, m, 3);
            NDArray x = m.create(PlainMath.gaussian(5, 3 * 4, 1), new Shape(1, 3, 4));
            assertArrayEquals(a.forward(x, x).toFloatArray(), a.forward(x).toFloatArray());
        }
    }

    @Test
    void spatialAttentionMatchesPlainReference() {
        int c = 4;
        int h = 2;
        int w = 3;
        int hw = h * w;
        double rescale = 2.0;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Attention a = Attention.spatial(c, 2, 2, 2, 1e-6, rescale);
            PlainMath.randomize(a, m, 23);
            float[] x = PlainMath.gaussian(7, c * hw, 2);
            NDArray y = a.forward(m.create(x, new Shape(1, c, h, w)));
            assertEquals(new Shape(1, c, h, w), y.getShape());
            double[] xd = PlainMath.doubles(x);
            double[] normed = PlainMath.groupNorm(xd, 1, c, hw, 2, 1e-6, PlainMath.param(a, "group_norm.weight"),
                    PlainMath.param(a, "group_norm.bias"));
            double[] tokens = PlainMath.transpose(normed, c, hw);
            double[] q = PlainMath.linear(tokens, hw, c, PlainMath.param(a, "to_q.weight"), PlainMath.param(a, "to_q.bias"), c);
            double[] k = PlainMath.linear(tokens, hw, c, PlainMath.param(a, "to_k.weight"), PlainMath.param(a, "to_k.bias"), c);
            double[] v = PlainMath.linear(tokens, hw, c, PlainMath.param(a, "to_v.weight"), PlainMath.param(a, "to_v.bias"), c);
            double[] o = PlainMath.linear(PlainMath.attention(q, k, v, hw, hw, 2, 2), hw, c,
                    PlainMath.param(a, "to_out.0.weight"), PlainMath.param(a, "to_out.0.bias"), c);
            double[] expected = PlainMath.add(PlainMath.transpose(o, hw, c), xd);
            for (int i = 0; i < expected.length; i++) {
                expected[i] /= rescale;
            }
            PlainMath.assertClose(expected, y.toFloatArray(), 1e-5, "spatial attention");
        }
    }

    private static double[] slice(double[] a, int from, int n) {
        double[] out = new double[n];
        System.arraycopy(a, from, out, 0, n);
        return out;
    }

    /**
     * Queries taken in chunks give the unchunked result up to float32 rounding. Per output element the
     * bound is derived for one evaluation against exact arithmetic (u = 2⁻²⁴): scores off by
     * ΔS ≤ γ_d Σ|q k|; the softmax then moves each probability by ≤ p (2 max ΔS + (s + 3) u); the mix
     * adds γ_s Σ p|v|. Two evaluations differ by at most twice that.
     */
    @Test
    void chunkedQueriesMatchUnchunkedWithinFloat32Rounding() {
        int b = 2;
        int h = 3;
        int t = 37;
        int s = 23;
        int d = 8;
        float[] q = PlainMath.gaussian(31, b * h * t * d, 1.5);
        float[] k = PlainMath.gaussian(32, b * h * s * d, 1.5);
        float[] v = PlainMath.gaussian(33, b * h * s * d, 1.0);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray qa = m.create(q, new Shape(b, h, t, d));
            NDArray ka = m.create(k, new Shape(b, h, s, d));
            NDArray va = m.create(v, new Shape(b, h, s, d));
            float[] whole = Attention.attend(qa, ka, va, t).toFloatArray();
            for (int chunk : new int[] {1, 5, 36}) {
                NDArray chunked = Attention.attend(qa, ka, va, chunk);
                assertEquals(new Shape(b, h, t, d), chunked.getShape());
                float[] got = chunked.toFloatArray();
                double u = Math.ulp(1.0f) / 2;
                for (int bh = 0; bh < b * h; bh++) {
                    for (int i = 0; i < t; i++) {
                        double[] scores = new double[s];
                        double maxScore = Double.NEGATIVE_INFINITY;
                        double maxScoreError = 0;
                        for (int j = 0; j < s; j++) {
                            double abs = 0;
                            for (int l = 0; l < d; l++) {
                                double term = (double) q[(bh * t + i) * d + l] * k[(bh * s + j) * d + l];
                                scores[j] += term;
                                abs += Math.abs(term);
                            }
                            maxScore = Math.max(maxScore, scores[j]);
                            maxScoreError = Math.max(maxScoreError, d * u * abs);
                        }
                        double total = 0;
                        for (int j = 0; j < s; j++) {
                            scores[j] = Math.exp(scores[j] - maxScore);
                            total += scores[j];
                        }
                        for (int l = 0; l < d; l++) {
                            double weightedAbs = 0;
                            for (int j = 0; j < s; j++) {
                                weightedAbs += scores[j] / total * Math.abs(v[(bh * s + j) * d + l]);
                            }
                            double bound = weightedAbs * (2 * maxScoreError + (s + 3) * u) + s * u * weightedAbs;
                            int at = (bh * t + i) * d + l;
                            assertEquals(whole[at], got[at], 2 * bound, "chunk " + chunk + " element " + at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void queryChunkKeepsOneChunksScoresWithinTheBudget() {
        long budget = Attention.DEFAULT_SCORE_CHUNK_MB * (1L << 20);
        // SD 2.1 at 512 px, guided sampling: batch 2, 5 heads, 4096 keys per query row
        long perRow = 2L * 5 * 4096;
        long rows = Attention.queryChunk(perRow, 4096);
        assertTrue(rows * perRow * Float.BYTES <= budget, rows + " rows exceed the budget");
        assertTrue((rows + 1) * perRow * Float.BYTES > budget, rows + " rows leave a whole row of budget unused");
        assertEquals(77, Attention.queryChunk(2L * 8 * 77, 77), "everything fits: one chunk");
        assertEquals(1, Attention.queryChunk(budget, 10), "a row larger than the budget still makes progress");
    }

    @Test
    void aScopedScoreChunkBudgetBoundsTheChunksAndIsRestoredAfterwards() {
        long perRow = 2L * 5 * 4096;
        long defaultRows = Attention.queryChunk(perRow, 4096);
        try (Attention.ScoreChunkScope outer = Attention.useScoreChunkMb(4)) {
            assertEquals(4, Attention.scoreChunkMb());
            long rows = Attention.queryChunk(perRow, 4096);
            assertTrue(rows * perRow * Float.BYTES <= 4L << 20, rows + " rows exceed 4 MiB");
            assertTrue((rows + 1) * perRow * Float.BYTES > 4L << 20, rows + " rows leave a whole row of 4 MiB unused");
            try (Attention.ScoreChunkScope inner = Attention.useScoreChunkMb(64)) {
                assertEquals(64, Attention.scoreChunkMb());
            }
            assertEquals(4, Attention.scoreChunkMb(), "the inner scope restores the outer budget");
        }
        assertEquals(Attention.DEFAULT_SCORE_CHUNK_MB, Attention.scoreChunkMb());
        assertEquals(defaultRows, Attention.queryChunk(perRow, 4096));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Attention.useScoreChunkMb(0));
        assertTrue(e.getMessage().contains("at least 1 MiB"), e.getMessage());
        assertEquals(Attention.DEFAULT_SCORE_CHUNK_MB, Attention.scoreChunkMb(), "a refused budget changes nothing");
    }

    @Test
    void theSystemPropertyIsTheDefaultAndABadValueIsNamed() {
        String before = System.getProperty(Attention.SCORE_CHUNK_MB_PROPERTY);
        try {
            System.setProperty(Attention.SCORE_CHUNK_MB_PROPERTY, "8");
            assertEquals(8, Attention.defaultScoreChunkMb());
            assertEquals(8, Attention.scoreChunkMb());
            try (Attention.ScoreChunkScope scope = Attention.useScoreChunkMb(2)) {
                assertEquals(2, Attention.scoreChunkMb(), "a run's setting wins over the property");
            }
            System.setProperty(Attention.SCORE_CHUNK_MB_PROPERTY, "lots");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Attention::defaultScoreChunkMb);
            assertTrue(e.getMessage().contains(Attention.SCORE_CHUNK_MB_PROPERTY) && e.getMessage().contains("lots"),
                    e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(Attention.SCORE_CHUNK_MB_PROPERTY);
            } else {
                System.setProperty(Attention.SCORE_CHUNK_MB_PROPERTY, before);
            }
        }
    }
}

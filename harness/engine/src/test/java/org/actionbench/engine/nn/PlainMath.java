package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Independent double-precision references written from the layer definitions as plain loops over flat
 * arrays in NCHW order, and helpers to give a module non-trivial weights. Tests compare the NDArray
 * layers against these.
 */
public final class PlainMath {
    private PlainMath() {
    }

    /** Every parameter (biases and norm affines included) drawn from N(mean, std²): weights ~1/sqrt(fan in). */
    public static void randomize(Module m, NDManager manager, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            long[] shape = p.shape().getShape();
            float[] v = new float[(int) p.size()];
            boolean normWeight = e.getKey().endsWith("weight") && shape.length == 1;
            long fanIn = 1;
            for (int i = 1; i < shape.length; i++) {
                fanIn *= shape[i];
            }
            double std = shape.length == 1 ? 0.3 : 1 / Math.sqrt(fanIn);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((normWeight ? 1 : 0) + std * r.nextGaussian());
            }
            p.set(manager.create(v, p.shape()));
        }
    }

    public static float[] gaussian(long seed, int n, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (std * r.nextGaussian());
        }
        return v;
    }

    public static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    public static double[] doubles(NDArray a) {
        return doubles(a.toFloatArray());
    }

    public static double[] param(Module m, String key) {
        Parameter p = m.namedParameters().get(key);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + key);
        }
        return doubles(p.array());
    }

    /** Convolution with zero padding on all sides; weight [cout, cin, k, k]; bias may be null. */
    public static double[] conv2d(double[] x, int b, int cin, int h, int w, double[] weight, double[] bias, int cout,
            int k, int stride, int pad) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        double[] y = new double[b * cout * oh * ow];
        for (int n = 0; n < b; n++) {
            for (int o = 0; o < cout; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int c = 0; c < cin; c++) {
                            for (int di = 0; di < k; di++) {
                                for (int dj = 0; dj < k; dj++) {
                                    int yi = i * stride - pad + di;
                                    int xj = j * stride - pad + dj;
                                    if (yi < 0 || yi >= h || xj < 0 || xj >= w) {
                                        continue;
                                    }
                                    s += weight[((o * cin + c) * k + di) * k + dj] * x[((n * cin + c) * h + yi) * w + xj];
                                }
                            }
                        }
                        y[((n * cout + o) * oh + i) * ow + j] = s;
                    }
                }
            }
        }
        return y;
    }

    /** GroupNorm over [b, c, spatial] with per-channel affine (gamma/beta may be null). */
    public static double[] groupNorm(double[] x, int b, int c, int spatial, int groups, double eps, double[] gamma,
            double[] beta) {
        double[] y = new double[x.length];
        int per = c / groups;
        for (int n = 0; n < b; n++) {
            for (int g = 0; g < groups; g++) {
                double sum = 0;
                int count = per * spatial;
                for (int ch = g * per; ch < (g + 1) * per; ch++) {
                    for (int s = 0; s < spatial; s++) {
                        sum += x[(n * c + ch) * spatial + s];
                    }
                }
                double mean = sum / count;
                double sq = 0;
                for (int ch = g * per; ch < (g + 1) * per; ch++) {
                    for (int s = 0; s < spatial; s++) {
                        double d = x[(n * c + ch) * spatial + s] - mean;
                        sq += d * d;
                    }
                }
                double inv = 1 / Math.sqrt(sq / count + eps);
                for (int ch = g * per; ch < (g + 1) * per; ch++) {
                    for (int s = 0; s < spatial; s++) {
                        int idx = (n * c + ch) * spatial + s;
                        double v = (x[idx] - mean) * inv;
                        y[idx] = gamma == null ? v : v * gamma[ch] + beta[ch];
                    }
                }
            }
        }
        return y;
    }

    public static double[] silu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / (1 + Math.exp(-x[i]));
        }
        return y;
    }

    /** Rows [n, in] times W [out, in] transposed plus bias (may be null). */
    public static double[] linear(double[] x, int n, int in, double[] w, double[] bias, int out) {
        double[] y = new double[n * out];
        for (int t = 0; t < n; t++) {
            for (int o = 0; o < out; o++) {
                double s = bias == null ? 0 : bias[o];
                for (int i = 0; i < in; i++) {
                    s += w[o * in + i] * x[t * in + i];
                }
                y[t * out + o] = s;
            }
        }
        return y;
    }

    /**
     * Multi-head attention of one sequence: q [t, heads·d], k and v [s, heads·d] → [t, heads·d] with
     * softmax(q·kᵀ / sqrt(d)) per head.
     */
    public static double[] attention(double[] q, double[] k, double[] v, int t, int s, int heads, int d) {
        int inner = heads * d;
        double[] out = new double[t * inner];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                double[] score = new double[s];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < s; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += q[i * inner + h * d + c] * k[j * inner + h * d + c];
                    }
                    score[j] = dot / Math.sqrt(d);
                    max = Math.max(max, score[j]);
                }
                double z = 0;
                for (int j = 0; j < s; j++) {
                    score[j] = Math.exp(score[j] - max);
                    z += score[j];
                }
                for (int j = 0; j < s; j++) {
                    for (int c = 0; c < d; c++) {
                        out[i * inner + h * d + c] += score[j] / z * v[j * inner + h * d + c];
                    }
                }
            }
        }
        return out;
    }

    /** [rows, cols] → [cols, rows]. */
    public static double[] transpose(double[] x, int rows, int cols) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                y[c * rows + r] = x[r * cols + c];
            }
        }
        return y;
    }

    public static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    /** Largest |x| of the reference: tolerances are relative to it. */
    public static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * |actual − expected| ≤ relTol·max(1, max|expected|) for every element. An n-term float32 sum is off by at
     * most γₙ·Σ|products| ≈ n·u·Σ|products| (u = 2⁻²⁴) in any order, with or without FMA, at any vector width;
     * the largest reduction under test has n = 288, so n·u ≤ 1.7e-5 relative to Σ|products|, which for
     * unit-variance inputs and 1/√fan-in weights is of the order of the output scale. The call sites' relTol
     * of 1e-5 to 2e-5 (170 to 340 u) rests on that; it held under ATEN_CPU_CAPABILITY avx512, avx2 and default.
     */
    public static void assertClose(double[] expected, float[] actual, double relTol, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": length " + actual.length + ", expected " + expected.length);
        }
        double tol = relTol * Math.max(1, maxAbs(expected));
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }

    /** Layer norm of each row of [n, d] (biased variance). */
    public static double[] layerNorm(double[] x, int n, int d, double eps, double[] gamma, double[] beta) {
        double[] y = new double[x.length];
        for (int t = 0; t < n; t++) {
            double mean = 0;
            for (int i = 0; i < d; i++) {
                mean += x[t * d + i];
            }
            mean /= d;
            double var = 0;
            for (int i = 0; i < d; i++) {
                double c = x[t * d + i] - mean;
                var += c * c;
            }
            var /= d;
            for (int i = 0; i < d; i++) {
                y[t * d + i] = (x[t * d + i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i];
            }
        }
        return y;
    }

    /** The exact GELU x·Φ(x) = x/2 · (1 + erf(x/√2)). */
    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /**
     * erf by its Maclaurin series; below 4.5 the alternating terms stay small enough that rounding costs
     * ~1e-8, above it erf is ±1 to 2e-10.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax > 4.5) {
            return Math.signum(x);
        }
        double sum = 0;
        double power = ax; // ax^(2n+1) (−1)^n / n!
        for (int n = 0; n < 200; n++) {
            double term = power / (2 * n + 1);
            sum += term;
            if (Math.abs(term) < 1e-17) {
                break;
            }
            power *= -ax * ax / (n + 1);
        }
        return Math.signum(x) * 2 / Math.sqrt(Math.PI) * sum;
    }
}

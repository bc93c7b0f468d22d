package org.rnn4j.core.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.tensor.Workspace;

/** Every tape operation: forward against a double reference, backward by finite differences. */
class OpsGradTest {
    static final int L = Kernels.S.length();

    @Test
    void sumAndMulDirectly() {
        // The harness itself uses sum(mul(y, w)); check both by hand first.
        try (Workspace ws = new Workspace("t", 4096)) {
            Tape tape = new Tape(ws);
            Var a = tape.input(ws.allocate(3).copyFrom(new float[] {1, 2, 3}));
            Var b = tape.input(ws.allocate(3).copyFrom(new float[] {4, -5, 6}));
            Var s = Reduce.sum(Pointwise.mul(a, b));
            assertEquals(1 * 4 - 2 * 5 + 3 * 6, s.value().get(0));
            tape.backward(s);
            assertArrayEquals(new float[] {4, -5, 6}, a.grad().toArray());
            assertArrayEquals(new float[] {1, 2, 3}, b.grad().toArray());
            assertThrows(IllegalStateException.class, () -> tape.backward(s));
        }
    }

    @Test
    void linearAndMatmul() {
        int n = 5;
        int in = L + 1;
        int out = 3;
        GradCheck.check("linear", 1, new int[][] {{n, in}, {out, in}, {out}},
                v -> Linalg.linear(v[0], v[1], v[2]),
                x -> {
                    double[] y = new double[n * out];
                    for (int i = 0; i < n; i++) {
                        for (int o = 0; o < out; o++) {
                            double s = x[2][o];
                            for (int j = 0; j < in; j++) {
                                s += x[0][i * in + j] * x[1][o * in + j];
                            }
                            y[i * out + o] = s;
                        }
                    }
                    return y;
                });
        int m = 4;
        int k = 7;
        int nn = 5;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            GradCheck.check("matmul " + (ta ? "T" : "N") + (tb ? "T" : "N"), 10 + t,
                    new int[][] {ta ? new int[] {k, m} : new int[] {m, k}, tb ? new int[] {nn, k} : new int[] {k, nn}},
                    v -> Linalg.matmul(v[0], ta, v[1], tb),
                    x -> {
                        double[] y = new double[m * nn];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < nn; j++) {
                                double s = 0;
                                for (int p = 0; p < k; p++) {
                                    double a = ta ? x[0][p * m + i] : x[0][i * k + p];
                                    double b = tb ? x[1][j * k + p] : x[1][p * nn + j];
                                    s += a * b;
                                }
                                y[i * nn + j] = s;
                            }
                        }
                        return y;
                    });
        }
    }

    @Test
    void pointwise() {
        int[] shape = {3, L + 3};
        int size = 3 * (L + 3);
        GradCheck.check("add", 2, new int[][] {shape, shape}, v -> Pointwise.add(v[0], v[1]),
                x -> map2(x[0], x[1], Double::sum));
        GradCheck.check("sub", 3, new int[][] {shape, shape}, v -> Pointwise.sub(v[0], v[1]),
                x -> map2(x[0], x[1], (a, b) -> a - b));
        GradCheck.check("mul", 4, new int[][] {shape, shape}, v -> Pointwise.mul(v[0], v[1]),
                x -> map2(x[0], x[1], (a, b) -> a * b));
        GradCheck.check("scale", 5, new int[][] {shape}, v -> Pointwise.scale(v[0], -2.5f),
                x -> map1(x[0], a -> -2.5 * a));
        GradCheck.check("tanh", 6, new int[][] {shape}, v -> Pointwise.tanh(v[0]), x -> map1(x[0], Math::tanh));
        GradCheck.check("sigmoid", 7, new int[][] {shape}, v -> Pointwise.sigmoid(v[0]),
                x -> map1(x[0], a -> 1 / (1 + Math.exp(-a))));
        // relu: keep inputs away from the kink at 0, where the difference quotient is meaningless
        GradCheck.check("relu", 8, new int[][] {shape}, v -> Pointwise.relu(v[0]), x -> map1(x[0], a -> Math.max(a, 0)),
                (r, k) -> (float) ((r.nextBoolean() ? 1 : -1) * (0.1 + r.nextDouble())));
        GradCheck.check("addBias", 9, new int[][] {shape, {L + 3}}, v -> Pointwise.addBias(v[0], v[1]),
                x -> {
                    double[] y = x[0].clone();
                    for (int i = 0; i < size; i++) {
                        y[i] += x[1][i % (L + 3)];
                    }
                    return y;
                });
    }

    @Test
    void shapesAndReductions() {
        GradCheck.check("concatColumns", 20, new int[][] {{3, 2}, {3, 5}},
                v -> Shapes.concatColumns(v[0], v[1]),
                x -> {
                    double[] y = new double[3 * 7];
                    for (int r = 0; r < 3; r++) {
                        System.arraycopy(x[0], r * 2, y, r * 7, 2);
                        System.arraycopy(x[1], r * 5, y, r * 7 + 2, 5);
                    }
                    return y;
                });
        GradCheck.check("columns", 21, new int[][] {{4, 6}}, v -> Shapes.columns(v[0], 1, 4),
                x -> {
                    double[] y = new double[4 * 3];
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(x[0], r * 6 + 1, y, r * 3, 3);
                    }
                    return y;
                });
        int[] idx = {2, 0, -1, 2};
        GradCheck.check("rows", 22, new int[][] {{3, 4}}, v -> Shapes.rows(v[0], idx),
                x -> {
                    double[] y = new double[4 * 4];
                    for (int i = 0; i < 4; i++) {
                        if (idx[i] >= 0) {
                            System.arraycopy(x[0], idx[i] * 4, y, i * 4, 4);
                        }
                    }
                    return y;
                });
        GradCheck.check("reshape", 23, new int[][] {{4, 6}}, v -> Shapes.reshape(v[0], 6, 4), x -> x[0].clone());
        GradCheck.check("mean", 24, new int[][] {{3, 5}}, v -> Reduce.mean(v[0]),
                x -> new double[] {java.util.Arrays.stream(x[0]).sum() / 15});
        GradCheck.check("softmax", 25, new int[][] {{3, L + 2}}, v -> Reduce.softmax(v[0]), x -> softmax(x[0], 3, false));
        GradCheck.check("logSoftmax", 26, new int[][] {{3, L + 2}}, v -> Reduce.logSoftmax(v[0]),
                x -> softmax(x[0], 3, true));
    }

    @Test
    void losses() {
        int n = 5;
        int c = 7;
        int[] targets = {3, Losses.IGNORE, 0, 6, 3};
        float[] weights = {1f, 1f, 0.5f, 0f, 2f};
        for (float smoothing : new float[] {0f, 0.1f}) {
            for (Losses.Reduction red : Losses.Reduction.values()) {
                GradCheck.check("crossEntropy smoothing " + smoothing + " " + red, 30,
                        new int[][] {{n, c}},
                        v -> Losses.crossEntropy(v[0], targets, Losses.IGNORE, weights, smoothing, red),
                        x -> {
                            double[] lsm = softmax(x[0], n, true);
                            double total = 0;
                            double wsum = 0;
                            for (int i = 0; i < n; i++) {
                                if (targets[i] == Losses.IGNORE || weights[i] == 0) {
                                    continue;
                                }
                                double row = -(1 - smoothing) * lsm[i * c + targets[i]];
                                for (int j = 0; j < c; j++) {
                                    row -= smoothing / c * lsm[i * c + j];
                                }
                                total += weights[i] * row;
                                wsum += weights[i];
                            }
                            return new double[] {red == Losses.Reduction.MEAN ? total / wsum : total};
                        });
            }
        }
        float[] t = {0f, 1f, 0.3f, 1f, 0f, 0.5f};
        GradCheck.check("bceWithLogits", 31, new int[][] {{2, 3}},
                v -> Losses.binaryCrossEntropyWithLogits(v[0], t, Losses.Reduction.MEAN),
                x -> {
                    double s = 0;
                    for (int i = 0; i < 6; i++) {
                        double p = 1 / (1 + Math.exp(-x[0][i]));
                        s += -(t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p));
                    }
                    return new double[] {s / 6};
                });
        float[] target = {0.5f, -1f, 2f, 0f};
        GradCheck.check("mse", 32, new int[][] {{4}},
                v -> {
                    var tt = v[0].tape().workspace().allocate(4).copyFrom(target);
                    return Losses.mse(v[0], tt, Losses.Reduction.MEAN);
                },
                x -> {
                    double s = 0;
                    for (int i = 0; i < 4; i++) {
                        s += (x[0][i] - target[i]) * (x[0][i] - target[i]);
                    }
                    return new double[] {s / 4};
                });
    }

    @Test
    void lossErrorsNameTheProblem() {
        try (Workspace ws = new Workspace("t", 4096)) {
            Tape tape = new Tape(ws);
            Var x = tape.input(ws.allocate(2, 3));
            assertEquals("target 3 at position 1 is outside [0, 3) (and is not the ignore index -100)",
                    assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(x, new int[] {0, 3}))
                            .getMessage());
            assertEquals("cross-entropy: 1 targets for logits (2, 3)",
                    assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(x, new int[] {0}))
                            .getMessage());
        }
    }

    @Test
    void embeddingDropoutLayerNorm() {
        int[] ids = {3, 0, 3, 1};
        GradCheck.check("embedding (padding row 0 gets no gradient)", 40, new int[][] {{5, L + 1}},
                v -> NnOps.embedding(v[0], ids, -1),
                x -> {
                    int e = L + 1;
                    double[] y = new double[ids.length * e];
                    for (int i = 0; i < ids.length; i++) {
                        System.arraycopy(x[0], ids[i] * e, y, i * e, e);
                    }
                    return y;
                });
        try (Workspace ws = new Workspace("t", 4096)) {
            Tape tape = new Tape(ws);
            Var table = tape.input(ws.allocate(4, 2).copyFrom(new float[] {1, 2, 3, 4, 5, 6, 7, 8}));
            Var y = NnOps.embedding(table, new int[] {0, 2, 0}, 0);
            tape.backward(Reduce.sum(y));
            assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 0, 0}, table.grad().toArray(), "padding row 0 untouched");
            assertEquals("token id 9 at position 1 is outside the vocabulary of 4",
                    assertThrows(IllegalArgumentException.class, () -> NnOps.embedding(table, new int[] {1, 9}, -1))
                            .getMessage());
        }
        GradCheck.check("layerNorm", 41, new int[][] {{3, L + 1}, {L + 1}, {L + 1}},
                v -> NnOps.layerNorm(v[0], v[1], v[2], 1e-5f),
                x -> {
                    int c = L + 1;
                    double[] y = new double[3 * c];
                    for (int r = 0; r < 3; r++) {
                        double mean = 0;
                        for (int j = 0; j < c; j++) {
                            mean += x[0][r * c + j];
                        }
                        mean /= c;
                        double var = 0;
                        for (int j = 0; j < c; j++) {
                            var += Math.pow(x[0][r * c + j] - mean, 2);
                        }
                        var /= c;
                        for (int j = 0; j < c; j++) {
                            y[r * c + j] = (x[0][r * c + j] - mean) / Math.sqrt(var + 1e-5) * x[1][j] + x[2][j];
                        }
                    }
                    return y;
                });
        try (Workspace ws = new Workspace("t", 1 << 16)) {
            Tape tape = new Tape(ws);
            float[] ones = new float[1000];
            java.util.Arrays.fill(ones, 1f);
            Var x = tape.input(ws.allocate(1000).copyFrom(ones));
            Var y = NnOps.dropout(x, 0.25f, true, new SplittableRandom(3));
            float[] v = y.value().toArray();
            int kept = 0;
            for (float f : v) {
                if (f != 0f) {
                    assertEquals(1f / 0.75f, f, 1e-6f);
                    kept++;
                }
            }
            assertEquals(750, kept, 60, "about 3/4 kept");          // binomial sd ~ 14
            tape.backward(Reduce.sum(y));
            assertArrayEquals(v, x.grad().toArray(), "gradient is the mask");
            assertEquals(x, NnOps.dropout(x, 0.25f, false, new SplittableRandom(3)), "identity when not training");
        }
    }

    @Test
    void attentionPieces() {
        int b = 2;
        int s = 3;
        int h = L + 1;
        int[] lengths = {3, 2};
        GradCheck.check("dotScores", 50, new int[][] {{b, h}, {b * s, h}}, v -> AttentionOps.dotScores(v[0], v[1], s),
                x -> {
                    double[] y = new double[b * s];
                    for (int i = 0; i < b; i++) {
                        for (int j = 0; j < s; j++) {
                            for (int k = 0; k < h; k++) {
                                y[i * s + j] += x[0][i * h + k] * x[1][(i * s + j) * h + k];
                            }
                        }
                    }
                    return y;
                });
        int a = 4;
        GradCheck.check("additiveScores", 51, new int[][] {{b, a}, {b * s, a}, {a}},
                v -> AttentionOps.additiveScores(v[0], v[1], v[2], s),
                x -> {
                    double[] y = new double[b * s];
                    for (int i = 0; i < b; i++) {
                        for (int j = 0; j < s; j++) {
                            for (int k = 0; k < a; k++) {
                                y[i * s + j] += x[2][k] * Math.tanh(x[0][i * a + k] + x[1][(i * s + j) * a + k]);
                            }
                        }
                    }
                    return y;
                });
        GradCheck.check("maskedSoftmax", 52, new int[][] {{b, s}}, v -> AttentionOps.maskedSoftmax(v[0], lengths),
                x -> {
                    double[] y = new double[b * s];
                    for (int i = 0; i < b; i++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < lengths[i]; j++) {
                            max = Math.max(max, x[0][i * s + j]);
                        }
                        double z = 0;
                        for (int j = 0; j < lengths[i]; j++) {
                            z += Math.exp(x[0][i * s + j] - max);
                        }
                        for (int j = 0; j < lengths[i]; j++) {
                            y[i * s + j] = Math.exp(x[0][i * s + j] - max) / z;
                        }
                    }
                    return y;
                });
        GradCheck.check("weightedSum", 53, new int[][] {{b, s}, {b * s, h}}, v -> AttentionOps.weightedSum(v[0], v[1], s),
                x -> {
                    double[] y = new double[b * h];
                    for (int i = 0; i < b; i++) {
                        for (int j = 0; j < s; j++) {
                            for (int k = 0; k < h; k++) {
                                y[i * h + k] += x[0][i * s + j] * x[1][(i * s + j) * h + k];
                            }
                        }
                    }
                    return y;
                });
    }

    static double[] softmax(double[] x, int rows, boolean log) {
        int c = x.length / rows;
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, x[r * c + j]);
            }
            double z = 0;
            for (int j = 0; j < c; j++) {
                z += Math.exp(x[r * c + j] - max);
            }
            for (int j = 0; j < c; j++) {
                y[r * c + j] = log ? x[r * c + j] - max - Math.log(z) : Math.exp(x[r * c + j] - max) / z;
            }
        }
        return y;
    }

    static double[] map1(double[] a, java.util.function.DoubleUnaryOperator f) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = f.applyAsDouble(a[i]);
        }
        return y;
    }

    static double[] map2(double[] a, double[] b, java.util.function.DoubleBinaryOperator f) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = f.applyAsDouble(a[i], b[i]);
        }
        return y;
    }
}

package org.rnn4j.core.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.nn.Conv2d;
import org.rnn4j.core.nn.GlobalAvgPool;
import org.rnn4j.core.nn.MaxPool2d;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.nn.TimeDistributed;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * Convolution and pooling ops: forward against plain double loops, backward by finite
 * differences of those loops (GradCheck); TimeDistributed against frame-by-frame application.
 */
class ConvOpsTest {

    // ---- double references (NCHW, zero padding) ----

    /** y[n, o, i, j] = b[o] + sum_{c, a, q} x[n, c, i s - p + a, j s - p + q] w[o, c, a, q]. */
    static double[] refConv(double[] x, double[] w, double[] b, int n, int c, int h, int wd, int o, int kh, int kw,
                            int s, int p) {
        int oh = (h + 2 * p - kh) / s + 1;
        int ow = (wd + 2 * p - kw) / s + 1;
        double[] y = new double[n * o * oh * ow];
        for (int in = 0; in < n; in++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = b == null ? 0 : b[oc];
                        for (int ch = 0; ch < c; ch++) {
                            for (int a = 0; a < kh; a++) {
                                for (int q = 0; q < kw; q++) {
                                    int r = i * s - p + a;
                                    int col = j * s - p + q;
                                    if (r >= 0 && r < h && col >= 0 && col < wd) {
                                        sum += x[((in * c + ch) * h + r) * wd + col] * w[((oc * c + ch) * kh + a) * kw + q];
                                    }
                                }
                            }
                        }
                        y[((in * o + oc) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
        return y;
    }

    static double[] refMaxPool(double[] x, int planes, int h, int w, int k, int s) {
        int oh = (h - k) / s + 1;
        int ow = (w - k) / s + 1;
        double[] y = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int a = 0; a < k; a++) {
                        for (int q = 0; q < k; q++) {
                            m = Math.max(m, x[(pl * h + i * s + a) * w + j * s + q]);
                        }
                    }
                    y[(pl * oh + i) * ow + j] = m;
                }
            }
        }
        return y;
    }

    static double[] refGap(double[] x, int planes, int hw) {
        double[] y = new double[planes];
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < hw; i++) {
                y[pl] += x[pl * hw + i];
            }
            y[pl] /= hw;
        }
        return y;
    }

    /** Distinct values (a shuffled grid 0.05 apart, no ties within finite-difference reach). */
    static BiFunction<Random, Integer, Float> distinct(int count, long seed) {
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add((i - count / 2) * 0.05f);
        }
        Collections.shuffle(values, new Random(seed));
        int[] next = {0};
        return (r, k) -> values.get(next[0]++);
    }

    // ---- conv2d ----

    void checkConv(String name, long seed, int n, int c, int h, int w, int o, int kh, int kw, int s, int p,
                   boolean bias) {
        int[][] shapes = bias ? new int[][] {{n, c, h, w}, {o, c, kh, kw}, {o}} : new int[][] {{n, c, h, w}, {o, c, kh, kw}};
        GradCheck.check(name, seed, shapes,
                v -> ConvOps.conv2d(v[0], v[1], bias ? v[2] : null, s, p),
                x -> refConv(x[0], x[1], bias ? x[2] : null, n, c, h, w, o, kh, kw, s, p));
    }

    @Test
    void conv2dStridesPaddingsBias() {
        long seed = 100;
        for (int s = 1; s <= 2; s++) {
            for (int p = 0; p <= 1; p++) {
                for (boolean bias : new boolean[] {true, false}) {
                    checkConv("conv2d N2 C3 7x5 O4 K3 stride " + s + " pad " + p + (bias ? " bias" : ""), seed++,
                            2, 3, 7, 5, 4, 3, 3, s, p, bias);
                }
            }
        }
    }

    @Test
    void conv2dOddGeometries() {
        // non-square kernel, stride 2 with padding; 1x1 kernel with padding larger than the kernel
        // (windows entirely in the padding); kernel equal to the padded input; stride past the edge
        checkConv("conv2d K3x2 stride 2 pad 1", 110, 2, 2, 6, 5, 3, 3, 2, 2, 1, true);
        checkConv("conv2d K1 pad 2", 111, 1, 3, 3, 4, 2, 1, 1, 1, 2, true);
        checkConv("conv2d kernel = padded input", 112, 2, 2, 3, 3, 3, 5, 5, 1, 1, false);
        checkConv("conv2d stride 3", 113, 1, 2, 8, 7, 2, 2, 2, 3, 0, true);
        checkConv("conv2d single channel", 114, 3, 1, 5, 5, 1, 3, 3, 1, 1, true);
    }

    /** A product large enough to take the GEMM's multi-threaded path; gradients by analytic double sums. */
    @Test
    void conv2dLargerAgainstAnalyticGradients() {
        int n = 4;
        int c = 16;
        int h = 14;
        int w = 13;
        int o = 32;
        int k = 3;
        int s = 1;
        int p = 1;
        Random r = new Random(7);
        double[] x = gaussians(r, n * c * h * w);
        double[] wt = gaussians(r, o * c * k * k);
        double[] b = gaussians(r, o);
        double[] y = refConv(x, wt, b, n, c, h, w, o, k, k, s, p);
        double[] dy = gaussians(r, y.length);
        double[] dx = new double[x.length];
        double[] dw = new double[wt.length];
        double[] db = new double[o];
        int oh = h;
        int ow = w;
        for (int in = 0; in < n; in++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double g = dy[((in * o + oc) * oh + i) * ow + j];
                        db[oc] += g;
                        for (int ch = 0; ch < c; ch++) {
                            for (int a = 0; a < k; a++) {
                                for (int q = 0; q < k; q++) {
                                    int rr = i * s - p + a;
                                    int cc = j * s - p + q;
                                    if (rr >= 0 && rr < h && cc >= 0 && cc < w) {
                                        int xi = ((in * c + ch) * h + rr) * w + cc;
                                        int wi = ((oc * c + ch) * k + a) * k + q;
                                        dx[xi] += g * wt[wi];
                                        dw[wi] += g * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        try (Workspace ws = new Workspace("conv", 1 << 20)) {
            Tape tape = new Tape(ws);
            Var xv = tape.input(tensor(ws, x, n, c, h, w));
            Var wv = tape.input(tensor(ws, wt, o, c, k, k));
            Var bv = tape.input(tensor(ws, b, o));
            Var yv = ConvOps.conv2d(xv, wv, bv, s, p);
            assertEquals(Shape.of(n, o, oh, ow), yv.shape());
            // sums of C*K*K = 144 products: float rounding ~1e-6 relative to the terms
            Tolerance tol = new Tolerance(1e-4, 1e-4);
            tol.check("conv2d large forward", yv.value().toArray(), y);
            tape.backward(Reduce.sum(Pointwise.mul(yv, tape.constant(tensor(ws, dy, n, o, oh, ow)))));
            tol.check("conv2d large dx", xv.grad().toArray(), dx);
            tol.check("conv2d large dw", wv.grad().toArray(), dw);
            tol.check("conv2d large db", bv.grad().toArray(), db);
        }
    }

    @Test
    void conv2dErrorsNameBothShapes() {
        try (Workspace ws = new Workspace("err", 1 << 16)) {
            Tape tape = new Tape(ws);
            Var x = tape.input(ws.allocate(2, 3, 7, 5));
            Var w4 = tape.input(ws.allocate(4, 2, 3, 3));
            var e = assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, w4, null, 1, 0));
            assertTrue(e.getMessage().contains("(2, 3, 7, 5)") && e.getMessage().contains("(4, 2, 3, 3)")
                    && e.getMessage().contains("channels"), e.getMessage());

            Var big = tape.input(ws.allocate(4, 3, 8, 3));
            e = assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, big, null, 1, 0));
            assertTrue(e.getMessage().contains("(2, 3, 7, 5)") && e.getMessage().contains("(4, 3, 8, 3)")
                    && e.getMessage().contains("larger"), e.getMessage());
            // with padding 1 the 8-row kernel fits the 9-row padded input
            assertEquals(Shape.of(2, 4, 2, 5), ConvOps.conv2d(x, big, null, 1, 1).shape());

            Var w = tape.input(ws.allocate(4, 3, 3, 3));
            Var b = tape.input(ws.allocate(5));
            e = assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, w, b, 1, 0));
            assertTrue(e.getMessage().contains("(5,)") && e.getMessage().contains("(4, 3, 3, 3)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, w, null, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, w, null, 1, -1));
            Var flat = tape.input(ws.allocate(2, 105));
            e = assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(flat, w, null, 1, 0));
            assertTrue(e.getMessage().contains("(2, 105)"), e.getMessage());

            e = assertThrows(IllegalArgumentException.class, () -> ConvOps.maxPool2d(x, 6, 1));
            assertTrue(e.getMessage().contains("(2, 3, 7, 5)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ConvOps.maxPool2d(x, 2, 0));
            assertThrows(IllegalArgumentException.class, () -> ConvOps.globalAvgPool(flat));
        }
    }

    // ---- pooling, flatten ----

    @Test
    void maxPool2d() {
        int n = 2;
        int c = 3;
        int h = 7;
        int w = 5;
        int size = n * c * h * w;
        GradCheck.check("maxPool2d k2 s2", 200, new int[][] {{n, c, h, w}}, v -> ConvOps.maxPool2d(v[0], 2, 2),
                x -> refMaxPool(x[0], n * c, h, w, 2, 2), distinct(size, 1));
        GradCheck.check("maxPool2d k3 s1 (overlapping)", 201, new int[][] {{n, c, h, w}},
                v -> ConvOps.maxPool2d(v[0], 3, 1), x -> refMaxPool(x[0], n * c, h, w, 3, 1), distinct(size, 2));
        GradCheck.check("maxPool2d k2 s3 (gaps)", 202, new int[][] {{n, c, h, w}},
                v -> ConvOps.maxPool2d(v[0], 2, 3), x -> refMaxPool(x[0], n * c, h, w, 2, 3), distinct(size, 3));
        GradCheck.check("maxPool2d k2 default stride", 203, new int[][] {{1, 2, 4, 6}},
                v -> ConvOps.maxPool2d(v[0], 2), x -> refMaxPool(x[0], 2, 4, 6, 2, 2), distinct(48, 4));
    }

    @Test
    void maxPool2dTiesGoToTheFirstMaximum() {
        try (Workspace ws = new Workspace("ties", 1 << 16)) {
            Tape tape = new Tape(ws);
            // one 2x4 plane, two 2x2 windows: [1 3 | 5 5; 3 2 | 5 1]
            Var x = tape.input(ws.of(new float[] {1, 3, 5, 5, 3, 2, 5, 1}, 1, 1, 2, 4));
            Var y = ConvOps.maxPool2d(x, 2, 2);
            assertArrayEquals(new float[] {3, 5}, y.value().toArray());
            tape.backward(Reduce.sum(Pointwise.mul(y, tape.constant(ws.of(new float[] {10, 20}, 1, 1, 1, 2)))));
            assertArrayEquals(new float[] {0, 10, 20, 0, 0, 0, 0, 0}, x.grad().toArray());
        }
    }

    @Test
    void globalAvgPoolAndFlatten() {
        GradCheck.check("globalAvgPool", 300, new int[][] {{2, 3, 4, 5}}, v -> ConvOps.globalAvgPool(v[0]),
                x -> refGap(x[0], 6, 20));
        GradCheck.check("globalAvgPool 1x1", 301, new int[][] {{3, 2, 1, 1}}, v -> ConvOps.globalAvgPool(v[0]),
                x -> x[0].clone());
        GradCheck.check("flatten", 302, new int[][] {{2, 3, 2, 2}}, v -> {
            Var f = ConvOps.flatten(v[0]);
            assertEquals(Shape.of(2, 12), f.shape());
            return f;
        }, x -> x[0].clone());
    }

    // ---- modules ----

    @Test
    void conv2dModuleParametersAndInit() {
        try (NativeAllocator params = new NativeAllocator("params");
             Conv2d conv = new Conv2d(3, 8, 3, 1, 1, true, params, 5);
             Conv2d noBias = new Conv2d(3, 8, 3, 1, 1, false, params, 5)) {
            List<Parameter> ps = conv.parameters();
            assertEquals(2, ps.size());
            assertEquals("weight", ps.get(0).name());
            assertEquals(Shape.of(8, 3, 3, 3), ps.get(0).shape());
            assertEquals("bias", ps.get(1).name());
            assertEquals(Shape.of(8), ps.get(1).shape());
            assertEquals(8 * 27 + 8, conv.parameterCount());
            assertEquals(1, noBias.parameters().size());
            assertNull(noBias.bias());
            double bound = 1 / Math.sqrt(27);
            for (Parameter p : ps) {
                float lo = Float.MAX_VALUE;
                float hi = -Float.MAX_VALUE;
                for (float f : p.value().toArray()) {
                    lo = Math.min(lo, f);
                    hi = Math.max(hi, f);
                }
                assertTrue(lo >= -bound && hi <= bound && hi - lo > bound / 2, p + ": [" + lo + ", " + hi + "]");
            }
            // same seed, same weights
            assertArrayEquals(conv.weight().value().toArray(), noBias.weight().value().toArray());
            try (Workspace ws = new Workspace("m", 1 << 16)) {
                Tape tape = new Tape(ws);
                Var x = tape.input(ws.allocate(2, 4, 6, 6));
                var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(tape, x));
                assertTrue(e.getMessage().contains("(2, 4, 6, 6)") && e.getMessage().contains("(N, 3, H, W)"),
                        e.getMessage());
                Var ok = tape.input(ws.allocate(2, 3, 6, 6));
                assertEquals(Shape.of(2, 8, 6, 6), conv.forward(tape, ok).shape());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(0, 8, 3, 1, 1, true, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(0));
    }

    /**
     * TimeDistributed over (B=2, T=3, C, H, W) equals the CNN applied frame by frame: values, the
     * gradient of the clips and the parameter gradients.
     */
    @Test
    void timeDistributedEqualsFrameByFrame() {
        int b = 2;
        int t = 3;
        int c = 3;
        int h = 8;
        int w = 6;
        int f = 5;
        Random r = new Random(11);
        double[] clips = gaussians(r, b * t * c * h * w);
        double[] dy = gaussians(r, b * t * f);
        try (NativeAllocator params = new NativeAllocator("params");
             Conv2d conv = new Conv2d(c, f, 3, 1, 1, true, params, 9);
             Workspace ws = new Workspace("td", 1 << 20)) {
            MaxPool2d pool = new MaxPool2d(2);
            GlobalAvgPool gap = new GlobalAvgPool();
            Tape[] current = new Tape[1];
            Function<Var, Var> cnn = x -> gap.forward(current[0],
                    pool.forward(current[0], Pointwise.relu(conv.forward(current[0], x))));
            TimeDistributed td = new TimeDistributed(cnn, conv, pool, gap);
            assertEquals(conv.parameters(), td.parameters());

            // folded: all B*T frames in one pass
            Tape tape = new Tape(ws);
            current[0] = tape;
            Var x = tape.input(tensor(ws, clips, b, t, c, h, w));
            Var y = td.forward(tape, x);
            assertEquals(Shape.of(b, t, f), y.shape());
            tape.backward(Reduce.sum(Pointwise.mul(y, tape.constant(tensor(ws, dy, b, t, f)))));
            float[] yFolded = y.value().toArray();
            float[] dxFolded = x.grad().toArray();
            float[] dwFolded = conv.weight().grad().toArray();
            float[] dbFolded = conv.bias().grad().toArray();
            conv.zeroGrad();

            // frame by frame: a tape per frame, parameter gradients accumulate
            int frame = c * h * w;
            double[] yRef = new double[b * t * f];
            double[] dxRef = new double[clips.length];
            for (int i = 0; i < b * t; i++) {
                Tape ft = new Tape(ws);
                current[0] = ft;
                double[] xi = java.util.Arrays.copyOfRange(clips, i * frame, (i + 1) * frame);
                Var xv = ft.input(tensor(ws, xi, 1, c, h, w));
                Var yi = cnn.apply(xv);
                assertEquals(Shape.of(1, f), yi.shape());
                double[] dyi = java.util.Arrays.copyOfRange(dy, i * f, (i + 1) * f);
                ft.backward(Reduce.sum(Pointwise.mul(yi, ft.constant(tensor(ws, dyi, 1, f)))));
                float[] yv = yi.value().toArray();
                float[] dxv = xv.grad().toArray();
                for (int j = 0; j < f; j++) {
                    yRef[i * f + j] = yv[j];
                }
                for (int j = 0; j < frame; j++) {
                    dxRef[i * frame + j] = dxv[j];
                }
            }
            Tolerance tol = new Tolerance(1e-5, 1e-4);
            tol.check("TimeDistributed forward", yFolded, yRef);
            tol.check("TimeDistributed dx", dxFolded, dxRef);
            tol.check("TimeDistributed dW", dwFolded, toDouble(conv.weight().grad().toArray()));
            tol.check("TimeDistributed db", dbFolded, toDouble(conv.bias().grad().toArray()));

            // ragged: the same six frames as clips of 1, 3 and 2 frames, concatenated
            Tape rt = new Tape(ws);
            current[0] = rt;
            Var frames = rt.input(tensor(ws, clips, b * t, c, h, w));
            Var feats = TimeDistributed.apply(rt, frames, cnn);
            assertEquals(Shape.of(b * t, f), feats.shape());
            tol.check("TimeDistributed.apply forward", feats.value().toArray(), yRef);
            assertArrayEquals(feats.value().toArray(), td.forwardFrames(rt, frames).value().toArray());
        }
    }

    /** conv → global average pool through TimeDistributed, against a double reference. */
    @Test
    void timeDistributedGradCheck() {
        int b = 2;
        int t = 3;
        int c = 2;
        int h = 5;
        int w = 4;
        int o = 3;
        GradCheck.check("TimeDistributed(conv, gap)", 400, new int[][] {{b, t, c, h, w}, {o, c, 3, 3}, {o}},
                v -> new TimeDistributed(x -> ConvOps.globalAvgPool(ConvOps.conv2d(x, v[1], v[2], 1, 1)))
                        .forward(v[0].tape(), v[0]),
                x -> refGap(refConv(x[0], x[1], x[2], b * t, c, h, w, o, 3, 3, 1, 1), b * t * o, h * w));
    }

    @Test
    void packClipsGathersInPackedOrder() {
        int[] lengths = {1, 3, 2};
        int f = 2;
        // sorted clips: 1 (3 frames, starts at 1), 2 (2 frames, starts at 4), 0 (1 frame, starts at 0)
        int[] expectedRows = {1, 4, 0, 2, 5, 3};
        GradCheck.check("packClips", 500, new int[][] {{6, f}}, v -> {
            TimeDistributed.PackedClips pc = TimeDistributed.packClips(v[0], lengths);
            assertArrayEquals(new int[] {3, 2, 1}, pc.layout().batchSizes());
            assertArrayEquals(new int[] {1, 2, 0}, pc.layout().sortedIndices());
            assertArrayEquals(lengths, pc.layout().lengths());
            return pc.data();
        }, x -> {
            double[] y = new double[6 * f];
            for (int i = 0; i < 6; i++) {
                System.arraycopy(x[0], expectedRows[i] * f, y, i * f, f);
            }
            return y;
        });
        try (Workspace ws = new Workspace("pc", 1 << 16)) {
            Tape tape = new Tape(ws);
            Var feats = tape.input(ws.allocate(6, f));
            var e = assertThrows(IllegalArgumentException.class,
                    () -> TimeDistributed.packClips(feats, new int[] {2, 3}));
            assertTrue(e.getMessage().contains("(6, 2)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> TimeDistributed.packClips(feats, new int[] {6, 0}));
            assertTrue(e.getMessage().contains("clip 1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> TimeDistributed.apply(tape, tape.input(ws.allocate(6, 3, 2, 2)),
                            x -> ConvOps.flatten(Shapes.reshape(x, 3, 2, 3, 4))));
            assertTrue(e.getMessage().contains("first (frame) dimension"), e.getMessage());
        }
    }

    // ---- helpers ----

    static double[] gaussians(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return d;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static Tensor tensor(Workspace ws, double[] values, int... dims) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return ws.allocate(dims).copyFrom(f);
    }
}

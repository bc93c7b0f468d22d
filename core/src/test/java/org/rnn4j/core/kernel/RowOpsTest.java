package org.rnn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.core.kernel.Seg.throwsNaming;
import static org.rnn4j.core.kernel.Seg.LANES;
import static org.rnn4j.core.kernel.Seg.OFFSETS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowOpsTest {
    private static final double ULP = Math.ulp(1.0f);
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    /** rows x cols, every vector-width edge (lanes-1, lanes, lanes+1, 2*lanes+3), long rows and odd shapes. */
    private static final int[][] SHAPES = {{0, 0}, {0, 5}, {3, 0}, {1, 1}, {2, LANES - 1}, {3, LANES},
        {2, LANES + 1}, {5, 2 * LANES + 3}, {2, 1000}, {45, 65}, {65, 45}};

    interface RowKernel {
        void run(int rows, int cols, MemorySegment x, long xOff, long ldx, MemorySegment out, long outOff, long ldo);
    }

    interface PerRow {
        void run(int rows, int cols, MemorySegment x, long xOff, long ldx, MemorySegment out, long outOff);
    }

    // ---- softmax, logSoftmax ----

    @Test
    void softmax() {
        long salt = 100;
        for (int[] s : SHAPES) {
            for (int v = 0; v < 3; v++) {
                float[] x = softmaxInput(Seg.random(salt), s[0], s[1]);
                // exp within 2 ulps, (x - max) rounded by up to 2^-20 (x in [-10, 10]: ~8 ulps relative
                // error after exp), the row sum by up to cols ulps, 1/sum and the product by 1 each.
                Tolerance tol = new Tolerance(0, (16 + s[1]) * ULP);
                rowKernel("softmax", RowOps::softmax, s[0], s[1], x, softmaxRef(s[0], s[1], x), tol, v, salt++);
            }
        }
    }

    @Test
    void logSoftmax() {
        long salt = 200;
        for (int[] s : SHAPES) {
            for (int v = 0; v < 3; v++) {
                float[] x = softmaxInput(Seg.random(salt), s[0], s[1]);
                // absolute: (x - max), - log(sum) round at |x| <= 110 (ulp 2^-16 each), and a relative
                // error of cols ulps in the sum is an absolute error of cols ulps in its log.
                Tolerance tol = new Tolerance(4 * Math.ulp(110f) + (4 + s[1]) * ULP, 2 * ULP);
                rowKernel("logSoftmax", RowOps::logSoftmax, s[0], s[1], x, logSoftmaxRef(s[0], s[1], x), tol, v,
                        salt++);
            }
        }
    }

    /** PyTorch's rules: all -inf, a +inf or a NaN anywhere make the whole row NaN; a -inf among finite gives 0. */
    @Test
    void softmaxSpecialRows() {
        int cols = 2 * LANES + 3;
        float[] x = softmaxInput(Seg.random(300), 7, cols);
        for (int c = 0; c < cols; c++) {
            x[c] = Float.NEGATIVE_INFINITY; // row 0: all -inf
        }
        x[cols + LANES + 1] = INF; // row 1: +inf in the vector body
        x[2 * cols + cols - 1] = NAN; // row 2: NaN in the scalar tail
        x[3 * cols] = NAN; // row 3: NaN first
        x[4 * cols + 2] = Float.NEGATIVE_INFINITY; // row 4: -inf among finite values, body and tail
        x[4 * cols + cols - 2] = Float.NEGATIVE_INFINITY;
        x[5 * cols + cols - 1] = INF; // row 5: +inf in the tail
        for (int v = 0; v < 4; v++) {
            float[] sm = rowKernel("softmax specials", RowOps::softmax, 7, cols, x, softmaxRef(7, cols, x),
                    new Tolerance(0, (16 + cols) * ULP), v, 300);
            float[] ls = rowKernel("logSoftmax specials", RowOps::logSoftmax, 7, cols, x, logSoftmaxRef(7, cols, x),
                    new Tolerance(4 * Math.ulp(110f) + (4 + cols) * ULP, 2 * ULP), v, 300);
            String ctx = " v=" + v + Seg.where(300);
            for (int r : new int[] {0, 1, 2, 3, 5}) {
                for (int c = 0; c < cols; c++) {
                    assertTrue(Float.isNaN(sm[r * cols + c]), "softmax row " + r + " col " + c + " not NaN" + ctx);
                    assertTrue(Float.isNaN(ls[r * cols + c]), "logSoftmax row " + r + " col " + c + " not NaN" + ctx);
                }
            }
            for (int c : new int[] {2, cols - 2}) {
                assertEquals(0f, sm[4 * cols + c], "softmax of -inf" + ctx);
                assertEquals(Float.NEGATIVE_INFINITY, ls[4 * cols + c], "logSoftmax of -inf" + ctx);
            }
            assertEquals(1.0, rowSumOf(sm, 6, cols), 1e-5, "softmax row 6 sums to 1" + ctx);
        }
    }

    // ---- rowSum, rowMean, rowMax, argmaxRows ----

    @Test
    void rowSumAndMean() {
        long salt = 400;
        for (int[] s : SHAPES) {
            int rows = s[0];
            int cols = s[1];
            for (int v = 0; v < 3; v++) {
                Random rnd = Seg.random(salt);
                float[] x = new float[rows * cols];
                for (int i = 0; i < x.length; i++) { // |x| in [0.5, 1.5]: a lost element is always visible
                    x[i] = (rnd.nextBoolean() ? 1 : -1) * (0.5f + rnd.nextFloat());
                }
                double[] sum = new double[rows];
                double[] mean = new double[rows];
                double maxAbsSum = 0;
                for (int r = 0; r < rows; r++) {
                    double abs = 0;
                    for (int c = 0; c < cols; c++) {
                        sum[r] += x[r * cols + c];
                        abs += Math.abs(x[r * cols + c]);
                    }
                    mean[r] = sum[r] / cols; // 0 / 0 = NaN for cols = 0
                    maxAbsSum = Math.max(maxAbsSum, abs);
                }
                // float summation of cols terms in any order: |error| <= cols * 2^-23 * sum |x|.
                Tolerance sumTol = new Tolerance(cols * ULP * maxAbsSum, 0);
                perRow("rowSum", RowOps::rowSum, rows, cols, x, sum, sumTol, v, salt);
                Tolerance meanTol = new Tolerance(cols == 0 ? 0 : ULP * maxAbsSum, ULP); // same, / cols, + 1 rounding
                perRow("rowMean", RowOps::rowMean, rows, cols, x, mean, meanTol, v, salt++);
            }
        }
    }

    @Test
    void rowMaxAndArgmax() {
        long salt = 500;
        for (int[] s : SHAPES) {
            int rows = s[0];
            int cols = s[1];
            if (cols == 0) {
                continue; // documented IllegalArgumentException, see badArguments
            }
            for (int v = 0; v < 3; v++) {
                float[] x = tiesAndSpecials(Seg.random(salt), rows, cols);
                double[] max = new double[rows];
                int[] arg = new int[rows];
                for (int r = 0; r < rows; r++) {
                    arg[r] = refArgmax(x, r * cols, cols);
                    max[r] = x[r * cols + arg[r]];
                }
                perRow("rowMax", RowOps::rowMax, rows, cols, x, max, new Tolerance(0, 0), v, salt); // exact
                long xo = OFFSETS[v];
                long ld = cols + v;
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment xs = Seg.matrix(arena, xo, rows, cols, ld, x);
                    int[] got = new int[rows + 2];
                    got[rows] = -7;
                    got[rows + 1] = -7;
                    RowOps.argmaxRows(rows, cols, xs, xo, ld, got);
                    int[] want = Arrays.copyOf(arg, rows + 2);
                    want[rows] = -7;
                    want[rows + 1] = -7;
                    assertArrayEquals(want, got, "argmaxRows " + rows + "x" + cols + " ldx=" + ld + " xOff=" + xo
                            + Seg.where(salt));
                }
                salt++;
            }
        }
    }

    @Test
    void badArguments() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(20 * Float.BYTES);
            int[] idx = new int[4];
            for (RowKernel k : new RowKernel[] {RowOps::softmax, RowOps::logSoftmax}) {
                throwsNaming("rows must be >= 0", () -> k.run(-1, 2, s, 0, 2, s, 0, 2));
                throwsNaming("cols must be >= 0", () -> k.run(1, -2, s, 0, 2, s, 0, 2));
                throwsNaming("ldx (3) must be >= cols (4)", () -> k.run(2, 4, s, 0, 3, s, 0, 4));
                throwsNaming("ldo (3) must be >= cols (4)", () -> k.run(2, 4, s, 0, 4, s, 0, 3));
                throwsNaming("x too small: needs 21 floats", () -> k.run(3, 5, s, 2, 7, s, 0, 5));
                throwsNaming("out too small: needs 23 floats", () -> k.run(4, 5, s, 0, 5, s, 3, 5));
                throwsNaming("xOff must be >= 0", () -> k.run(1, 1, s, -1, 1, s, 0, 1));
            }
            for (PerRow k : new PerRow[] {RowOps::rowSum, RowOps::rowMean, RowOps::rowMax}) {
                throwsNaming("rows must be >= 0", () -> k.run(-1, 2, s, 0, 2, s, 0));
                throwsNaming("ldx (1) must be >= cols (2)", () -> k.run(2, 2, s, 0, 1, s, 0));
                throwsNaming("x too small", () -> k.run(5, 5, s, 0, 5, s, 0));
                throwsNaming("out too small: needs 22 floats", () -> k.run(4, 2, s, 0, 2, s, 18));
            }
            throwsNaming("cols must be >= 1 for rowMax", () -> RowOps.rowMax(2, 0, s, 0, 0, s, 0));
            throwsNaming("cols must be >= 1 for argmaxRows", () -> RowOps.argmaxRows(2, 0, s, 0, 0, idx));
            throwsNaming("out has length 4, needs rows = 5", () -> RowOps.argmaxRows(5, 2, s, 0, 2, idx));
            throwsNaming("ldx (1) must be >= cols (2)", () -> RowOps.argmaxRows(2, 2, s, 0, 1, idx));
        }
    }

    // ---- references (double precision, written independently of the kernels) ----

    /** [-10, 10], every third row shifted to [90, 110]: exp without subtracting the max would overflow. */
    private static float[] softmaxInput(Random rnd, int rows, int cols) {
        float[] x = Seg.uniform(rnd, rows * cols, -10, 10);
        for (int r = 2; r < rows; r += 3) {
            for (int c = 0; c < cols; c++) {
                x[r * cols + c] += 100;
            }
        }
        return x;
    }

    private static double rowMaxRef(float[] x, int start, int cols) {
        double m = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            m = Math.max(m, x[start + c]); // Math.max propagates NaN
        }
        return m;
    }

    private static double[] softmaxRef(int rows, int cols, float[] x) {
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double m = rowMaxRef(x, r * cols, cols);
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += Math.exp(x[r * cols + c] - m);
            }
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = Math.exp(x[r * cols + c] - m) / s;
            }
        }
        return out;
    }

    private static double[] logSoftmaxRef(int rows, int cols, float[] x) {
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double m = rowMaxRef(x, r * cols, cols);
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += Math.exp(x[r * cols + c] - m);
            }
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = x[r * cols + c] - m - Math.log(s);
            }
        }
        return out;
    }

    /** First NaN, else first index of the largest value. */
    static int refArgmax(float[] x, int start, int n) {
        int best = 0;
        for (int i = 0; i < n; i++) {
            float v = x[start + i];
            if (Float.isNaN(v)) {
                return i;
            }
            if (v > x[start + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Small integers (many ties), and some rows with NaNs, infinities or only -inf. */
    static float[] tiesAndSpecials(Random rnd, int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            int kind = r % 6;
            for (int c = 0; c < cols; c++) {
                x[r * cols + c] = kind == 5 ? Float.NEGATIVE_INFINITY : rnd.nextInt(9) - 4;
            }
            if (kind == 1 || kind == 2) { // one or two NaNs anywhere: the first one wins
                x[r * cols + rnd.nextInt(cols)] = NAN;
                x[r * cols + rnd.nextInt(cols)] = NAN;
            } else if (kind == 3) {
                x[r * cols + rnd.nextInt(cols)] = INF;
            } else if (kind == 4) {
                x[r * cols + rnd.nextInt(cols)] = Float.NEGATIVE_INFINITY;
                x[r * cols + rnd.nextInt(cols)] = -0f;
            }
        }
        return x;
    }

    private static double rowSumOf(float[] a, int r, int cols) {
        double s = 0;
        for (int c = 0; c < cols; c++) {
            s += a[r * cols + c];
        }
        return s;
    }

    // ---- drivers ----

    /**
     * Runs a rows x cols kernel at offsets / leading dimensions chosen by v (v = 3: in place, out == x),
     * checks it against the reference and that no float outside the output matrix (gaps included)
     * changed. Returns the output.
     */
    private static float[] rowKernel(String op, RowKernel kernel, int rows, int cols, float[] x, double[] expected,
            Tolerance tol, int v, long salt) {
        long xo = OFFSETS[v % 3];
        long ldx = cols + (v % 3) * 2;
        long oo = v == 3 ? xo : OFFSETS[(v + 1) % 3];
        long ldo = v == 3 ? ldx : cols + (v == 0 ? 0 : 5);
        String ctx = op + " " + rows + "x" + cols + " xOff=" + xo + " ldx=" + ldx + " outOff=" + oo + " ldo=" + ldo
                + (v == 3 ? " in place" : "") + Seg.where(salt);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = Seg.matrix(arena, xo, rows, cols, ldx, x);
            MemorySegment out = v == 3 ? xs : Seg.blank(arena, oo + rows * ldo);
            kernel.run(rows, cols, xs, xo, ldx, out, oo, ldo);
            float[] got = Seg.readMatrix(out, oo, rows, cols, ldo);
            tol.check(ctx, got, expected);
            Seg.assertUntouchedOutside(ctx, out, oo, rows, cols, ldo);
            if (v != 3) {
                new Tolerance(0, 0).check(ctx + " input", Seg.readMatrix(xs, xo, rows, cols, ldx), Seg.toDouble(x));
                Seg.assertUntouchedOutside(ctx + " input", xs, xo, rows, cols, ldx);
            }
            return got;
        }
    }

    /** Runs a one-float-per-row kernel at offsets chosen by v and checks values and sentinels. */
    private static void perRow(String op, PerRow kernel, int rows, int cols, float[] x, double[] expected,
            Tolerance tol, int v, long salt) {
        long xo = OFFSETS[v];
        long ldx = cols + v;
        long oo = OFFSETS[(v + 1) % 3];
        String ctx = op + " " + rows + "x" + cols + " xOff=" + xo + " ldx=" + ldx + " outOff=" + oo + Seg.where(salt);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = Seg.matrix(arena, xo, rows, cols, ldx, x);
            MemorySegment out = Seg.blank(arena, oo + rows);
            kernel.run(rows, cols, xs, xo, ldx, out, oo);
            tol.check(ctx, Seg.read(out, oo, rows), expected);
            Seg.assertUntouchedOutside(ctx, out, oo, rows);
        }
    }
}

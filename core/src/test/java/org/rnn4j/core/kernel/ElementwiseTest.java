package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.Seg.OFFSETS;
import static org.rnn4j.core.kernel.Seg.throwsNaming;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
    /** add, sub, mul, scale, biasAdd and the fused axpy round once: within 2^-24 relative; 1 ulp leaves margin. */
    private static final Tolerance ONE_ROUNDING = Tolerance.ulps(1);
    /** clamp and fill only copy floats: exact. */
    private static final Tolerance EXACT = new Tolerance(0, 0);
    /** Values every op must propagate like IEEE 754 does. */
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 1f, -2.5f};

    interface Binary {
        void run(long n, MemorySegment x, long xOff, MemorySegment y, long yOff, MemorySegment out, long outOff);
    }

    interface Unary {
        void run(long n, MemorySegment x, long xOff, MemorySegment out, long outOff);
    }

    @Test
    void add() {
        binary("add", Elementwise::add, (a, b) -> a + b, true, 1);
    }

    @Test
    void sub() {
        binary("sub", Elementwise::sub, (a, b) -> a - b, true, 2);
    }

    @Test
    void mul() {
        binary("mul", Elementwise::mul, (a, b) -> a * b, true, 3);
    }

    @Test
    void axpy() {
        float alpha = -1.75f;
        // y += alpha * x is out = x * alpha + y with the out segment being y: reuse the binary driver.
        binary("axpy", (n, x, xo, y, yo, out, oo) -> {
            MemorySegment.copy(y, yo * Float.BYTES, out, oo * Float.BYTES, n * Float.BYTES);
            Elementwise.axpy(n, alpha, x, xo, out, oo);
        }, (a, b) -> alpha * a + b, false, 4);
    }

    @Test
    void scale() {
        unary("scale", (n, x, xo, out, oo) -> Elementwise.scale(n, 0.37f, x, xo, out, oo), a -> 0.37f * a,
                ONE_ROUNDING, 5);
    }

    @Test
    void clamp() {
        unary("clamp", (n, x, xo, out, oo) -> Elementwise.clamp(n, -2f, 3.5f, x, xo, out, oo),
                a -> Double.isNaN(a) ? Double.NaN : Math.min(Math.max(a, -2.0), 3.5), EXACT, 6);
        // lo == hi is allowed and gives that value (NaN still NaN)
        unary("clamp lo==hi", (n, x, xo, out, oo) -> Elementwise.clamp(n, 1f, 1f, x, xo, out, oo),
                a -> Double.isNaN(a) ? Double.NaN : 1.0, EXACT, 7);
    }

    @Test
    void fill() {
        for (float value : new float[] {0.25f, Float.NaN, Float.NEGATIVE_INFINITY}) {
            for (int n : Seg.sizes()) {
                for (long off : OFFSETS) {
                    String ctx = "fill(" + value + ") n=" + n + " outOff=" + off + Seg.where(0);
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment out = Seg.blank(arena, off + n);
                        Elementwise.fill(n, value, out, off);
                        double[] expected = new double[n];
                        Arrays.fill(expected, value);
                        EXACT.check(ctx, Seg.read(out, off, n), expected);
                        Seg.assertUntouchedOutside(ctx, out, off, n);
                    }
                }
            }
        }
    }

    @Test
    void biasAdd() {
        int[][] shapes = {{0, 0}, {0, 5}, {3, 0}, {1, 1}, {2, Seg.LANES - 1}, {3, Seg.LANES}, {2, Seg.LANES + 1},
            {5, 2 * Seg.LANES + 3}, {2, 1000}, {45, 65}, {65, 45}};
        long salt = 8;
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            for (int gap : new int[] {0, 3}) {
                long ld = cols + gap;
                long xo = OFFSETS[gap % 3];
                long bo = OFFSETS[(gap + 1) % 3];
                Random rnd = Seg.random(salt);
                float[] x = Seg.uniform(rnd, rows * cols, -10, 10);
                float[] bias = Seg.uniform(rnd, cols, -1, 1);
                if (x.length > 3 && cols > 1) {
                    x[1] = Float.NaN;
                    x[x.length - 1] = Float.POSITIVE_INFINITY;
                    bias[0] = Float.NEGATIVE_INFINITY;
                }
                String ctx = "biasAdd " + rows + "x" + cols + " ldx=" + ld + " xOff=" + xo + " biasOff=" + bo
                        + Seg.where(salt);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment xs = Seg.matrix(arena, xo, rows, cols, ld, x);
                    MemorySegment bs = Seg.of(arena, bo, bias);
                    Elementwise.biasAdd(rows, cols, bs, bo, xs, xo, ld);
                    double[] expected = new double[rows * cols];
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < cols; c++) {
                            expected[r * cols + c] = (double) x[r * cols + c] + bias[c];
                        }
                    }
                    ONE_ROUNDING.check(ctx, Seg.readMatrix(xs, xo, rows, cols, ld), expected);
                    Seg.assertUntouchedOutside(ctx, xs, xo, rows, cols, ld);
                    Seg.assertInputIntact(ctx + " bias", bs, bo, bias);
                }
                salt++;
            }
        }
    }

    @Test
    void badArguments() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(10 * Float.BYTES);
            MemorySegment big = arena.allocate(100 * Float.BYTES);
            throwsNaming("n must be >= 0", () -> Elementwise.add(-1, s, 0, s, 0, s, 0));
            throwsNaming("xOff must be >= 0", () -> Elementwise.sub(1, s, -1, s, 0, s, 0));
            throwsNaming("x too small: needs 11 floats", () -> Elementwise.mul(10, s, 1, big, 0, big, 0));
            throwsNaming("y too small", () -> Elementwise.add(8, big, 0, s, 3, big, 0));
            throwsNaming("out too small", () -> Elementwise.add(11, big, 0, big, 0, s, 0));
            throwsNaming("y too small", () -> Elementwise.axpy(11, 2f, big, 0, s, 0));
            throwsNaming("out too small", () -> Elementwise.scale(11, 2f, big, 0, s, 0));
            throwsNaming("out too small", () -> Elementwise.fill(5, 1f, s, 6));
            throwsNaming("lo (2.0) must be <= hi (1.0)", () -> Elementwise.clamp(1, 2f, 1f, s, 0, s, 0));
            throwsNaming("lo (NaN)", () -> Elementwise.clamp(1, Float.NaN, 1f, s, 0, s, 0));
            throwsNaming("rows must be >= 0", () -> Elementwise.biasAdd(-1, 2, s, 0, s, 0, 2));
            throwsNaming("cols must be >= 0", () -> Elementwise.biasAdd(1, -2, s, 0, s, 0, 2));
            throwsNaming("ldx (2) must be >= cols (3)", () -> Elementwise.biasAdd(2, 3, s, 0, s, 0, 2));
            throwsNaming("x too small: needs 12 floats", () -> Elementwise.biasAdd(3, 3, s, 0, s, 1, 4));
            throwsNaming("bias too small", () -> Elementwise.biasAdd(1, 4, s, 7, big, 0, 4));
        }
    }

    // ---- drivers ----

    /** Random data, then data mixed with specials, at every size, at unaligned offsets, and in place. */
    private static void binary(String op, Binary kernel, DoubleBinaryOperator ref, boolean inPlace, long salt) {
        for (int n : Seg.sizes()) {
            for (int v = 0; v < (inPlace ? 4 : 3); v++) { // v = 3: out == x in place
                for (boolean specials : new boolean[] {false, true}) {
                    long caseSalt = salt * 100_000 + n * 10L + v;
                    Random rnd = Seg.random(caseSalt);
                    float[] x = data(rnd, n, specials);
                    float[] y = data(rnd, n, specials);
                    long xo = OFFSETS[v % 3];
                    long yo = OFFSETS[(v + 1) % 3];
                    long oo = v == 3 ? xo : OFFSETS[(v + 2) % 3];
                    String ctx = op + " n=" + n + " xOff=" + xo + " yOff=" + yo + " outOff=" + oo
                            + (v == 3 ? " in place" : "") + (specials ? " with specials" : "") + Seg.where(caseSalt);
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment xs = Seg.of(arena, xo, x);
                        MemorySegment ys = Seg.of(arena, yo, y);
                        MemorySegment out = v == 3 ? xs : Seg.blank(arena, oo + n);
                        kernel.run(n, xs, xo, ys, yo, out, oo);
                        double[] expected = new double[n];
                        for (int i = 0; i < n; i++) {
                            expected[i] = asFloat(ref.applyAsDouble(x[i], y[i]));
                        }
                        ONE_ROUNDING.check(ctx, Seg.read(out, oo, n), expected);
                        Seg.assertUntouchedOutside(ctx, out, oo, n);
                        if (v != 3) {
                            Seg.assertInputIntact(ctx + " x", xs, xo, x);
                        }
                        Seg.assertInputIntact(ctx + " y", ys, yo, y);
                    }
                }
            }
        }
    }

    private static void unary(String op, Unary kernel, DoubleUnaryOperator ref, Tolerance tol, long salt) {
        for (int n : Seg.sizes()) {
            for (int v = 0; v < 4; v++) {
                for (boolean specials : new boolean[] {false, true}) {
                    long caseSalt = salt * 100_000 + n * 10L + v;
                    Random rnd = Seg.random(caseSalt);
                    float[] x = data(rnd, n, specials);
                    long xo = OFFSETS[v % 3];
                    long oo = v == 3 ? xo : OFFSETS[(v + 1) % 3];
                    String ctx = op + " n=" + n + " xOff=" + xo + " outOff=" + oo + (v == 3 ? " in place" : "")
                            + (specials ? " with specials" : "") + Seg.where(caseSalt);
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment xs = Seg.of(arena, xo, x);
                        MemorySegment out = v == 3 ? xs : Seg.blank(arena, oo + n);
                        kernel.run(n, xs, xo, out, oo);
                        double[] expected = new double[n];
                        for (int i = 0; i < n; i++) {
                            expected[i] = asFloat(ref.applyAsDouble(x[i]));
                        }
                        tol.check(ctx, Seg.read(out, oo, n), expected);
                        Seg.assertUntouchedOutside(ctx, out, oo, n);
                        if (v != 3) {
                            Seg.assertInputIntact(ctx + " x", xs, xo, x);
                        }
                    }
                }
            }
        }
    }

    /** Uniform in [-10, 10]; with specials, about one value in four is NaN, +-inf, +-0, +-MAX, ... */
    private static float[] data(Random rnd, int n, boolean specials) {
        float[] a = Seg.uniform(rnd, n, -10, 10);
        if (specials) {
            for (int i = 0; i < n; i++) {
                if (rnd.nextInt(4) == 0) {
                    a[i] = SPECIAL[rnd.nextInt(SPECIAL.length)];
                }
            }
        }
        return a;
    }

    /**
     * The double result as float32 sees it where relative tolerance cannot: beyond the float range
     * it rounds to +-inf (or +-MAX), below the normal range to the nearest subnormal.
     */
    private static double asFloat(double d) {
        double a = Math.abs(d);
        return a > Float.MAX_VALUE || a < Float.MIN_NORMAL ? (float) d : d;
    }
}

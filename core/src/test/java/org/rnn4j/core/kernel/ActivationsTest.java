package org.rnn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.fail;
import static org.rnn4j.core.kernel.Seg.throwsNaming;
import static org.rnn4j.core.kernel.Seg.OFFSETS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationsTest {
    /** The accuracy target for the gates: 2e-6 absolute against the double result. */
    private static final Tolerance GATE = new Tolerance(2e-6, 0);
    /** exp, log: 4 ulps relative; MIN_VALUE absolute covers the rounding of subnormal exp results. */
    private static final Tolerance TRANSCENDENTAL = new Tolerance(Float.MIN_VALUE, 4 * Math.ulp(1.0f));
    /** relu only copies or zeroes floats: exact. */
    private static final Tolerance EXACT = new Tolerance(0, 0);

    interface Kernel {
        void run(long n, MemorySegment x, long xOff, MemorySegment out, long outOff);
    }

    /** The function, its double reference, its tolerance and how to draw inputs. */
    record Op(String name, Kernel kernel, DoubleUnaryOperator ref, Tolerance tol, Input input) {
    }

    interface Input {
        float draw(Random rnd);
    }

    private static final Op SIGMOID = new Op("sigmoid", Activations::sigmoid, x -> 1 / (1 + Math.exp(-x)), GATE,
            rnd -> -20 + 40 * rnd.nextFloat());
    private static final Op TANH = new Op("tanh", Activations::tanh, Math::tanh, GATE,
            rnd -> -20 + 40 * rnd.nextFloat());
    private static final Op RELU = new Op("relu", Activations::relu, x -> Double.isNaN(x) ? x : Math.max(x, 0.0),
            EXACT, rnd -> -10 + 20 * rnd.nextFloat());
    /** Mostly [-10, 10], a third over the whole range from underflow to overflow. */
    private static final Op EXP = new Op("exp", Activations::exp, Math::exp, TRANSCENDENTAL,
            rnd -> rnd.nextInt(3) == 0 ? -106 + 197 * rnd.nextFloat() : -10 + 20 * rnd.nextFloat());
    /** Every positive finite float is equally likely by bit pattern (subnormals included); a third near 1. */
    private static final Op LOG = new Op("log", Activations::log, Math::log, TRANSCENDENTAL,
            rnd -> rnd.nextInt(3) == 0 ? 0.5f + 1.5f * rnd.nextFloat() : Float.intBitsToFloat(rnd.nextInt(0x7f800000)));

    @Test
    void sigmoid() {
        sweep(SIGMOID, 1);
        specials(SIGMOID, new float[][] {{Float.NaN, Float.NaN}, {Float.POSITIVE_INFINITY, 1}, {100, 1},
            {Float.NEGATIVE_INFINITY, 0}, {0, 0.5f}, {-0f, 0.5f}});
    }

    @Test
    void tanh() {
        sweep(TANH, 2);
        specials(TANH, new float[][] {{Float.NaN, Float.NaN}, {Float.POSITIVE_INFINITY, 1}, {100, 1},
            {Float.NEGATIVE_INFINITY, -1}, {-100, -1}, {0, 0}});
    }

    @Test
    void relu() {
        sweep(RELU, 3);
        specials(RELU, new float[][] {{Float.NaN, Float.NaN}, {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY},
            {Float.NEGATIVE_INFINITY, 0}, {-Float.MIN_VALUE, 0}, {Float.MIN_VALUE, Float.MIN_VALUE}, {2.5f, 2.5f}});
    }

    @Test
    void exp() {
        sweep(EXP, 4);
        specials(EXP, new float[][] {{Float.NaN, Float.NaN}, {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY},
            {Float.NEGATIVE_INFINITY, 0}, {200, Float.POSITIVE_INFINITY}, {89, Float.POSITIVE_INFINITY},
            {-200, 0}, {-104, 0}, {0, 1}, {-0f, 1}});
    }

    @Test
    void log() {
        sweep(LOG, 5);
        specials(LOG, new float[][] {{Float.NaN, Float.NaN}, {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY},
            {0, Float.NEGATIVE_INFINITY}, {-0f, Float.NEGATIVE_INFINITY}, {-1, Float.NaN},
            {-Float.MIN_VALUE, Float.NaN}, {Float.NEGATIVE_INFINITY, Float.NaN}, {1, 0}});
    }

    /** A dense grid over the range of each accuracy target, in one call (so mostly the vector body). */
    @Test
    void accuracyOverWholeRanges() {
        int n = 40_001;
        float[] grid = new float[n];
        for (int i = 0; i < n; i++) {
            grid[i] = -20f + 40f * i / (n - 1);
        }
        check(SIGMOID, "grid [-20, 20]", grid, 0, 1);
        check(TANH, "grid [-20, 20]", grid, 0, 1);
        for (int i = 0; i < n; i++) {
            grid[i] = -120f + 240f * i / (n - 1); // saturation: still within 2e-6 of the exact value
        }
        check(SIGMOID, "grid [-120, 120]", grid, 1, 1);
        check(TANH, "grid [-120, 120]", grid, 2, 1);
        for (int i = 0; i < n; i++) {
            grid[i] = -104f + 193f * i / (n - 1); // from below the underflow to above the overflow
        }
        check(EXP, "grid [-104, 89]", grid, 0, 1);
        for (int i = 0; i < n; i++) {
            grid[i] = Float.intBitsToFloat((int) (0x7f7fffffL * i / (n - 1))); // every binade, subnormals too
        }
        check(LOG, "every binade", grid, 0, 1);
    }

    @Test
    void badArguments() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(10 * Float.BYTES);
            for (Op op : new Op[] {SIGMOID, TANH, RELU, EXP, LOG}) {
                throwsNaming("n must be >= 0", () -> op.kernel().run(-1, s, 0, s, 0));
                throwsNaming("xOff must be >= 0", () -> op.kernel().run(1, s, -3, s, 0));
                throwsNaming("outOff must be >= 0", () -> op.kernel().run(1, s, 0, s, -3));
                throwsNaming("x too small: needs 12 floats", () -> op.kernel().run(9, s, 3, s, 0));
                throwsNaming("out too small: needs 11 floats", () -> op.kernel().run(10, s, 0, s, 1));
            }
        }
    }

    // ---- drivers ----

    /** Every size, at unaligned offsets (x and out differently) and in place (out == x). */
    private static void sweep(Op op, long salt) {
        for (int n : Seg.sizes()) {
            for (int v = 0; v < 4; v++) {
                long caseSalt = salt * 100_000 + n * 10L + v;
                Random rnd = Seg.random(caseSalt);
                float[] x = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = op.input().draw(rnd);
                }
                check(op, "random", x, v, caseSalt);
            }
        }
    }

    /** Runs op on x at offsets chosen by v (v = 3: in place) and checks it against the reference. */
    private static void check(Op op, String what, float[] x, int v, long salt) {
        int n = x.length;
        long xo = OFFSETS[v % 3];
        long oo = v == 3 ? xo : OFFSETS[(v + 1) % 3];
        String ctx = op.name() + " " + what + " n=" + n + " xOff=" + xo + " outOff=" + oo
                + (v == 3 ? " in place" : "") + Seg.where(salt);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = Seg.of(arena, xo, x);
            MemorySegment out = v == 3 ? xs : Seg.blank(arena, oo + n);
            op.kernel().run(n, xs, xo, out, oo);
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                double r = op.ref().applyAsDouble(x[i]);
                expected[i] = Math.abs(r) > Float.MAX_VALUE ? (float) r : r; // overflow as float32 sees it
            }
            op.tol().check(ctx, Seg.read(out, oo, n), expected);
            Seg.assertUntouchedOutside(ctx, out, oo, n);
            if (v != 3) {
                Seg.assertInputIntact(ctx, xs, xo, x);
            }
        }
    }

    /**
     * Each {input, exact expected output} pair, repeated over 3 * lanes + 2 floats so that every
     * special value lands in a vector lane and in the scalar tail; NaN must give NaN, the rest
     * must be bit-for-bit the documented value (saturation is exact, not merely close).
     */
    private static void specials(Op op, float[][] pairs) {
        int n = 3 * Seg.LANES + 2;
        float[] x = new float[n];
        float[] want = new float[n];
        for (int i = 0; i < n; i++) {
            float[] p = pairs[(i * 7 + i / pairs.length) % pairs.length];
            x[i] = p[0];
            want[i] = p[1];
        }
        for (int v = 0; v < 4; v++) {
            String ctx = op.name() + " specials n=" + n + " v=" + v + Seg.where(0);
            check(op, "specials", x, v, 0);
            long xo = OFFSETS[v % 3];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment xs = Seg.of(arena, xo, x);
                op.kernel().run(n, xs, xo, xs, xo);
                float[] got = Seg.read(xs, xo, n);
                for (int i = 0; i < n; i++) {
                    if (Float.isNaN(want[i]) ? !Float.isNaN(got[i]) : got[i] != want[i]) {
                        fail(ctx + ": " + op.name() + "(" + x[i] + ") at [" + i + "] = " + got[i]
                                + ", want " + want[i]);
                    }
                }
            }
        }
    }
}

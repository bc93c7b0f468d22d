package org.rnn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.core.kernel.Seg.throwsNaming;
import static org.rnn4j.core.kernel.Seg.LANES;
import static org.rnn4j.core.kernel.Seg.OFFSETS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReductionsTest {
    private static final double ULP = Math.ulp(1.0f);

    /** The usual sizes, plus one that runs the four-accumulator loop, the one-vector loop and a tail. */
    private static int[] sizes() {
        return IntStream.concat(IntStream.of(Seg.sizes()), IntStream.of(4 * LANES * 3 + LANES + 3, 100_003))
                .distinct().sorted().toArray();
    }

    @Test
    void sumAndMean() {
        long salt = 600;
        for (int n : sizes()) {
            for (long off : OFFSETS) {
                Random rnd = Seg.random(salt);
                float[] x = new float[n];
                double sum = 0;
                double abs = 0;
                for (int i = 0; i < n; i++) { // |x| in [0.5, 1.5]: a lost or doubled element is always visible
                    x[i] = (rnd.nextBoolean() ? 1 : -1) * (0.5f + rnd.nextFloat());
                    sum += x[i];
                    abs += Math.abs(x[i]);
                }
                String ctx = "n=" + n + " xOff=" + off + Seg.where(salt++);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment xs = Seg.of(arena, off, x);
                    // float summation of n terms in any order: |error| <= n * 2^-23 * sum |x|
                    new Tolerance(n * ULP * abs, 0).check("sum " + ctx, new float[] {Reductions.sum(n, xs, off)},
                            new double[] {sum});
                    // the same divided by n, plus one rounding; n = 0 gives 0 / 0 = NaN
                    new Tolerance(ULP * abs, ULP).check("mean " + ctx, new float[] {Reductions.mean(n, xs, off)},
                            new double[] {sum / n});
                    Seg.assertInputIntact(ctx, xs, off, x);
                }
            }
        }
    }

    @Test
    void sumPropagatesNanAndInfinity() {
        int n = 3 * LANES + 2;
        for (int pos : new int[] {0, LANES + 1, n - 1}) { // in the vector body and in the tail
            float[] x = Seg.uniform(Seg.random(pos), n, -1, 1);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment xs = Seg.of(arena, 3, x);
                String ctx = " at " + pos + Seg.where(pos);
                xs.setAtIndex(Seg.F, 3 + pos, Float.POSITIVE_INFINITY);
                assertEquals(Float.POSITIVE_INFINITY, Reductions.sum(n, xs, 3), "sum with +inf" + ctx);
                assertEquals(Float.POSITIVE_INFINITY, Reductions.mean(n, xs, 3), "mean with +inf" + ctx);
                xs.setAtIndex(Seg.F, 3 + (pos + 1) % n, Float.NEGATIVE_INFINITY);
                assertTrue(Float.isNaN(Reductions.sum(n, xs, 3)), "sum with +inf and -inf is NaN" + ctx);
                xs.setAtIndex(Seg.F, 3 + pos, Float.NaN);
                xs.setAtIndex(Seg.F, 3 + (pos + 1) % n, 1f);
                assertTrue(Float.isNaN(Reductions.sum(n, xs, 3)), "sum with NaN" + ctx);
                assertTrue(Float.isNaN(Reductions.mean(n, xs, 3)), "mean with NaN" + ctx);
            }
        }
    }

    @Test
    void maxAndArgmax() {
        long salt = 700;
        for (int n : sizes()) {
            if (n == 0) {
                continue; // documented IllegalArgumentException, see badArguments
            }
            for (int kind = 0; kind < 6; kind++) { // the row kinds of RowOpsTest: ties, NaNs, +-inf, all -inf
                for (long off : OFFSETS) {
                    // row `kind` of a 6-row matrix is a range of the kind wanted
                    float[] x = Arrays.copyOfRange(
                            RowOpsTest.tiesAndSpecials(Seg.random(salt), 6, n), kind * n, kind * n + n);
                    int want = RowOpsTest.refArgmax(x, 0, n);
                    String ctx = "n=" + n + " kind=" + kind + " xOff=" + off + Seg.where(salt++);
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment xs = Seg.of(arena, off, x);
                        assertEquals(want, Reductions.argmax(n, xs, off), "argmax " + ctx);
                        float max = Reductions.max(n, xs, off);
                        if (Float.isNaN(x[want])) {
                            assertTrue(Float.isNaN(max), "max with NaN must be NaN, got " + max + " " + ctx);
                        } else {
                            assertEquals(x[want], max, 0f, "max " + ctx);
                        }
                        Seg.assertInputIntact(ctx, xs, off, x);
                    }
                }
            }
        }
    }

    /** Only equal maxima: the first index wins, whether it lies in the vector body or the tail. */
    @Test
    void argmaxTiesPickTheFirst() {
        int n = 2 * LANES + 3;
        for (int first = 0; first < n; first++) {
            float[] x = new float[n];
            Arrays.fill(x, -1f);
            x[first] = 5f;
            for (int j = first + 1; j < n; j += 2) {
                x[j] = 5f;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment xs = Seg.of(arena, 7, x);
                assertEquals(first, Reductions.argmax(n, xs, 7), "ties from " + first + Seg.where(0));
                xs.setAtIndex(Seg.F, 7 + n - 1, Float.NaN); // a NaN (the max) in the tail beats them all
                assertEquals(n - 1, Reductions.argmax(n, xs, 7), "NaN after ties from " + first + Seg.where(0));
            }
        }
    }

    @Test
    void badArguments() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(10 * Float.BYTES);
            throwsNaming("n must be >= 0", () -> Reductions.sum(-1, s, 0));
            throwsNaming("n must be >= 0", () -> Reductions.mean(-1, s, 0));
            throwsNaming("xOff must be >= 0", () -> Reductions.sum(1, s, -1));
            throwsNaming("x too small: needs 12 floats", () -> Reductions.sum(10, s, 2));
            throwsNaming("x too small: needs 11 floats", () -> Reductions.max(1, s, 10));
            throwsNaming("x too small", () -> Reductions.argmax(11, s, 0));
            throwsNaming("n must be >= 1 for max", () -> Reductions.max(0, s, 0));
            throwsNaming("n must be >= 1 for argmax", () -> Reductions.argmax(0, s, 0));
            assertEquals(0f, Reductions.sum(0, s, 10), "empty sum");
            assertTrue(Float.isNaN(Reductions.mean(0, s, 10)), "empty mean is 0 / 0");
        }
    }
}

package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.Kernels.F32;
import static org.rnn4j.core.kernel.Kernels.ORDER;
import static org.rnn4j.core.kernel.Kernels.S;
import static org.rnn4j.core.kernel.Kernels.SCALAR;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Reductions over a whole range {@code x[xOff .. xOff + n)} of float32 (offsets and sizes in
 * floats). Sums accumulate in float vectors (several partial sums, so the rounding differs from
 * a left-to-right loop; the error stays within {@code n * 2^-23 * sum |x|}). NaN rules follow
 * PyTorch: a NaN makes {@code max} NaN and is the maximum for {@code argmax} (the first NaN wins);
 * among equal maxima {@code argmax} returns the first index.
 */
public final class Reductions {
    private Reductions() {
    }

    /** Sum of x[0 .. n); 0 for n = 0. */
    public static float sum(long n, MemorySegment x, long xOff) {
        check(n, x, xOff);
        return sumRange(x, xOff, n);
    }

    /** Mean of x[0 .. n); NaN (0 / 0) for n = 0. */
    public static float mean(long n, MemorySegment x, long xOff) {
        check(n, x, xOff);
        return sumRange(x, xOff, n) / n;
    }

    /**
     * Largest of x[0 .. n); NaN if any element is NaN.
     *
     * @throws IllegalArgumentException for n = 0 (an empty range has no maximum)
     */
    public static float max(long n, MemorySegment x, long xOff) {
        check(n, x, xOff);
        if (n == 0) {
            throw new IllegalArgumentException("n must be >= 1 for max, got 0");
        }
        return maxRange(x, xOff, n);
    }

    /**
     * Index in [0, n) of the largest element: the first NaN if there is one, else the first of
     * equal maxima.
     *
     * @throws IllegalArgumentException for n = 0
     */
    public static long argmax(long n, MemorySegment x, long xOff) {
        check(n, x, xOff);
        if (n == 0) {
            throw new IllegalArgumentException("n must be >= 1 for argmax, got 0");
        }
        return argmaxRange(x, xOff, n);
    }

    private static void check(long n, MemorySegment x, long xOff) {
        Checks.nonNegative("n", n);
        Checks.span("x", x, "xOff", xOff, n);
    }

    // ---- unchecked range kernels, shared with RowOps ----

    /** Sum of x[off .. off + n), four vector accumulators, then one, then the scalar tail. */
    static float sumRange(MemorySegment x, long off, long n) {
        long i = 0;
        float s = 0f;
        if (!SCALAR) {
            int l = S.length();
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            for (long bound4 = n - n % (4L * l); i < bound4; i += 4L * l) {
                long b = (off + i) * Float.BYTES;
                a0 = a0.add(FloatVector.fromMemorySegment(S, x, b, ORDER));
                a1 = a1.add(FloatVector.fromMemorySegment(S, x, b + (long) l * Float.BYTES, ORDER));
                a2 = a2.add(FloatVector.fromMemorySegment(S, x, b + 2L * l * Float.BYTES, ORDER));
                a3 = a3.add(FloatVector.fromMemorySegment(S, x, b + 3L * l * Float.BYTES, ORDER));
            }
            for (long bound = S.loopBound(n); i < bound; i += l) {
                a0 = a0.add(FloatVector.fromMemorySegment(S, x, (off + i) * Float.BYTES, ORDER));
            }
            float[] lanes = Kernels.laneBuffer();   // NOTE [deterministic sums]
            a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
            s = 0f;
            for (float lane : lanes) {
                s += lane;
            }
        }
        return s + sumScalar(x, off, i, n);
    }

    private static float sumScalar(MemorySegment x, long off, long from, long to) {
        float s = 0f;
        for (long i = from; i < to; i++) {
            s += x.getAtIndex(F32, off + i);
        }
        return s;
    }

    /** Max of x[off .. off + n), NaN-propagating; -inf for n = 0. */
    static float maxRange(MemorySegment x, long off, long n) {
        long i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (!SCALAR) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                acc = acc.max(FloatVector.fromMemorySegment(S, x, (off + i) * Float.BYTES, ORDER));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        return Math.max(m, maxScalar(x, off, i, n));
    }

    private static float maxScalar(MemorySegment x, long off, long from, long to) {
        float m = Float.NEGATIVE_INFINITY;
        for (long i = from; i < to; i++) {
            m = Math.max(m, x.getAtIndex(F32, off + i));
        }
        return m;
    }

    /** argmax of x[off .. off + n), n >= 1: the max first, then the first index holding it. */
    static long argmaxRange(MemorySegment x, long off, long n) {
        float m = maxRange(x, off, n);
        long i = 0;
        boolean nan = Float.isNaN(m);
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromMemorySegment(S, x, (off + i) * Float.BYTES, ORDER);
                VectorMask<Float> hit = nan ? v.test(VectorOperators.IS_NAN) : v.compare(VectorOperators.EQ, m);
                if (hit.anyTrue()) {
                    return i + hit.firstTrue();
                }
            }
        }
        return firstScalar(x, off, i, n, m);
    }

    /** First index in [from, to) holding m (or a NaN when m is NaN). */
    private static long firstScalar(MemorySegment x, long off, long from, long to, float m) {
        boolean nan = Float.isNaN(m);
        for (long i = from; i < to; i++) {
            float v = x.getAtIndex(F32, off + i);
            if (nan ? Float.isNaN(v) : v == m) {
                return i;
            }
        }
        throw new AssertionError("the maximum " + m + " is not in the range"); // unreachable
    }
}

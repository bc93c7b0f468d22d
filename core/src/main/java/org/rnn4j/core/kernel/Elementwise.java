package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.Kernels.F32;
import static org.rnn4j.core.kernel.Kernels.ORDER;
import static org.rnn4j.core.kernel.Kernels.S;
import static org.rnn4j.core.kernel.Kernels.SCALAR;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Elementwise float32 kernels on memory segments. Offsets and sizes count floats, so a kernel can
 * work on a view that starts anywhere (unaligned included). Every kernel may run in place
 * ({@code out == x} at the same offset); other overlaps are not supported. {@code n = 0} does
 * nothing. Bad arguments throw {@link IllegalArgumentException} naming the argument.
 */
public final class Elementwise {
    private Elementwise() {
    }

    /** out[i] = x[i] + y[i] for i in [0, n). */
    public static void add(long n, MemorySegment x, long xOff, MemorySegment y, long yOff, MemorySegment out,
            long outOff) {
        Checks.binary(n, x, xOff, y, yOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector a = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                FloatVector b = FloatVector.fromMemorySegment(S, y, (yOff + i) * Float.BYTES, ORDER);
                a.add(b).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        addScalar(i, n, x, xOff, y, yOff, out, outOff);
    }

    private static void addScalar(long from, long to, MemorySegment x, long xOff, MemorySegment y, long yOff,
            MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, x.getAtIndex(F32, xOff + i) + y.getAtIndex(F32, yOff + i));
        }
    }

    /** out[i] = x[i] - y[i] for i in [0, n). */
    public static void sub(long n, MemorySegment x, long xOff, MemorySegment y, long yOff, MemorySegment out,
            long outOff) {
        Checks.binary(n, x, xOff, y, yOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector a = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                FloatVector b = FloatVector.fromMemorySegment(S, y, (yOff + i) * Float.BYTES, ORDER);
                a.sub(b).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        subScalar(i, n, x, xOff, y, yOff, out, outOff);
    }

    private static void subScalar(long from, long to, MemorySegment x, long xOff, MemorySegment y, long yOff,
            MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, x.getAtIndex(F32, xOff + i) - y.getAtIndex(F32, yOff + i));
        }
    }

    /** out[i] = x[i] * y[i] for i in [0, n). */
    public static void mul(long n, MemorySegment x, long xOff, MemorySegment y, long yOff, MemorySegment out,
            long outOff) {
        Checks.binary(n, x, xOff, y, yOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector a = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                FloatVector b = FloatVector.fromMemorySegment(S, y, (yOff + i) * Float.BYTES, ORDER);
                a.mul(b).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        mulScalar(i, n, x, xOff, y, yOff, out, outOff);
    }

    private static void mulScalar(long from, long to, MemorySegment x, long xOff, MemorySegment y, long yOff,
            MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, x.getAtIndex(F32, xOff + i) * y.getAtIndex(F32, yOff + i));
        }
    }

    /** y[i] += alpha * x[i] for i in [0, n), as one fused multiply-add (a single rounding). */
    public static void axpy(long n, float alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        Checks.nonNegative("n", n);
        Checks.span("x", x, "xOff", xOff, n);
        Checks.span("y", y, "yOff", yOff, n);
        long i = 0;
        if (!SCALAR) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector a = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                FloatVector b = FloatVector.fromMemorySegment(S, y, (yOff + i) * Float.BYTES, ORDER);
                a.fma(va, b).intoMemorySegment(y, (yOff + i) * Float.BYTES, ORDER);
            }
        }
        axpyScalar(i, n, alpha, x, xOff, y, yOff);
    }

    private static void axpyScalar(long from, long to, float alpha, MemorySegment x, long xOff, MemorySegment y,
            long yOff) {
        for (long i = from; i < to; i++) {
            y.setAtIndex(F32, yOff + i, Math.fma(alpha, x.getAtIndex(F32, xOff + i), y.getAtIndex(F32, yOff + i)));
        }
    }

    /** out[i] = alpha * x[i] for i in [0, n). */
    public static void scale(long n, float alpha, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        Checks.unary(n, x, xOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector a = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                a.mul(alpha).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        scaleScalar(i, n, alpha, x, xOff, out, outOff);
    }

    private static void scaleScalar(long from, long to, float alpha, MemorySegment x, long xOff, MemorySegment out,
            long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, alpha * x.getAtIndex(F32, xOff + i));
        }
    }

    /**
     * x[r * ldx + c] += bias[c] for every row r in [0, rows) and column c in [0, cols): a bias row
     * broadcast over a row-major matrix with leading dimension {@code ldx >= cols}. Floats between
     * the end of a row and the next row's start are not touched.
     */
    public static void biasAdd(int rows, int cols, MemorySegment bias, long biasOff, MemorySegment x, long xOff,
            long ldx) {
        Checks.rows(rows, cols, x, xOff, ldx);
        Checks.span("bias", bias, "biasOff", biasOff, cols);
        for (int r = 0; r < rows; r++) {
            long rowOff = xOff + r * ldx;
            long c = 0;
            if (!SCALAR) {
                for (long bound = S.loopBound((long) cols); c < bound; c += S.length()) {
                    FloatVector b = FloatVector.fromMemorySegment(S, bias, (biasOff + c) * Float.BYTES, ORDER);
                    FloatVector v = FloatVector.fromMemorySegment(S, x, (rowOff + c) * Float.BYTES, ORDER);
                    v.add(b).intoMemorySegment(x, (rowOff + c) * Float.BYTES, ORDER);
                }
            }
            addScalar(c, cols, x, rowOff, bias, biasOff, x, rowOff);
        }
    }

    /**
     * out[i] = min(max(x[i], lo), hi) for i in [0, n); NaN stays NaN.
     *
     * @throws IllegalArgumentException if {@code lo > hi} or either bound is NaN
     */
    public static void clamp(long n, float lo, float hi, MemorySegment x, long xOff, MemorySegment out,
            long outOff) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("lo (" + lo + ") must be <= hi (" + hi + ") and neither NaN");
        }
        Checks.unary(n, x, xOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector a = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                a.max(lo).min(hi).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        clampScalar(i, n, lo, hi, x, xOff, out, outOff);
    }

    private static void clampScalar(long from, long to, float lo, float hi, MemorySegment x, long xOff,
            MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, Math.min(Math.max(x.getAtIndex(F32, xOff + i), lo), hi));
        }
    }

    /** out[i] = value for i in [0, n). */
    public static void fill(long n, float value, MemorySegment out, long outOff) {
        Checks.nonNegative("n", n);
        Checks.span("out", out, "outOff", outOff, n);
        long i = 0;
        if (!SCALAR) {
            FloatVector v = FloatVector.broadcast(S, value);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                v.intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        fillScalar(i, n, value, out, outOff);
    }

    private static void fillScalar(long from, long to, float value, MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, value);
        }
    }
}

package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.Kernels.F32;
import static org.rnn4j.core.kernel.Kernels.ORDER;
import static org.rnn4j.core.kernel.Kernels.S;
import static org.rnn4j.core.kernel.Kernels.SCALAR;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Elementwise activation functions: {@code (n, x, xOff, out, outOff)}, offsets and sizes in floats,
 * in place allowed ({@code out == x} at the same offset), {@code n = 0} does nothing. NaN in gives
 * NaN out for every function. The vector bodies use the branch-free approximations of
 * {@code VectorMath}; the tails and the forced scalar path use double precision {@link Math}.
 */
public final class Activations {
    private Activations() {
    }

    /** out[i] = 1 / (1 + e^-x[i]); vector path within 2e-7 absolute, saturating to exactly 0 and 1. */
    public static void sigmoid(long n, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        Checks.unary(n, x, xOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                VectorMath.sigmoid(v).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        sigmoidScalar(i, n, x, xOff, out, outOff);
    }

    private static void sigmoidScalar(long from, long to, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, VectorMath.sigmoid(x.getAtIndex(F32, xOff + i)));
        }
    }

    /** out[i] = tanh(x[i]); vector path within 3e-7 absolute, saturating to exactly -1 and 1. */
    public static void tanh(long n, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        Checks.unary(n, x, xOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                VectorMath.tanh(v).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        tanhScalar(i, n, x, xOff, out, outOff);
    }

    private static void tanhScalar(long from, long to, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, VectorMath.tanh(x.getAtIndex(F32, xOff + i)));
        }
    }

    /** out[i] = max(x[i], 0); relu(NaN) = NaN. */
    public static void relu(long n, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        Checks.unary(n, x, xOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                v.max(0f).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        reluScalar(i, n, x, xOff, out, outOff);
    }

    private static void reluScalar(long from, long to, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, Math.max(x.getAtIndex(F32, xOff + i), 0f));
        }
    }

    /** out[i] = e^x[i]; within 2 ulps, underflows to 0 below about -103.97 and overflows to +inf above about 88.72. */
    public static void exp(long n, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        Checks.unary(n, x, xOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                VectorMath.exp(v).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        expScalar(i, n, x, xOff, out, outOff);
    }

    private static void expScalar(long from, long to, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, VectorMath.exp(x.getAtIndex(F32, xOff + i)));
        }
    }

    /** out[i] = ln(x[i]); within 2 ulps; log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf. */
    public static void log(long n, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        Checks.unary(n, x, xOff, out, outOff);
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromMemorySegment(S, x, (xOff + i) * Float.BYTES, ORDER);
                VectorMath.log(v).intoMemorySegment(out, (outOff + i) * Float.BYTES, ORDER);
            }
        }
        logScalar(i, n, x, xOff, out, outOff);
    }

    private static void logScalar(long from, long to, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        for (long i = from; i < to; i++) {
            out.setAtIndex(F32, outOff + i, VectorMath.log(x.getAtIndex(F32, xOff + i)));
        }
    }
}

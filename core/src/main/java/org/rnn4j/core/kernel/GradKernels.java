package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.Kernels.F32;
import static org.rnn4j.core.kernel.Kernels.ORDER;
import static org.rnn4j.core.kernel.Kernels.S;
import static org.rnn4j.core.kernel.Kernels.SCALAR;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The accumulating kernels backward passes need: {@code dx += ...}. Offsets and sizes in floats;
 * same loop shape as the rest of the package (vector body, scalar tail, forced-scalar path).
 */
public final class GradKernels {
    private GradKernels() {
    }

    /** out += a * b. */
    public static void mulAdd(long n, MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out,
                              long outOff) {
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (aOff + i) * 4, ORDER);
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bOff + i) * 4, ORDER);
                FloatVector vo = FloatVector.fromMemorySegment(S, out, (outOff + i) * 4, ORDER);
                va.fma(vb, vo).intoMemorySegment(out, (outOff + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            out.setAtIndex(F32, outOff + i, Math.fma(a.getAtIndex(F32, aOff + i), b.getAtIndex(F32, bOff + i),
                    out.getAtIndex(F32, outOff + i)));
        }
    }

    /** dx += dy * (1 - y^2), y = tanh(x). */
    public static void tanhBackward(long n, MemorySegment y, long yOff, MemorySegment dy, long dyOff,
                                    MemorySegment dx, long dxOff) {
        long i = 0;
        if (!SCALAR) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector vy = FloatVector.fromMemorySegment(S, y, (yOff + i) * 4, ORDER);
                FloatVector vd = FloatVector.fromMemorySegment(S, dy, (dyOff + i) * 4, ORDER);
                FloatVector vx = FloatVector.fromMemorySegment(S, dx, (dxOff + i) * 4, ORDER);
                vd.fma(one.sub(vy.mul(vy)), vx).intoMemorySegment(dx, (dxOff + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            float v = y.getAtIndex(F32, yOff + i);
            dx.setAtIndex(F32, dxOff + i, Math.fma(dy.getAtIndex(F32, dyOff + i), 1f - v * v,
                    dx.getAtIndex(F32, dxOff + i)));
        }
    }

    /** dx += dy * y * (1 - y), y = sigmoid(x). */
    public static void sigmoidBackward(long n, MemorySegment y, long yOff, MemorySegment dy, long dyOff,
                                       MemorySegment dx, long dxOff) {
        long i = 0;
        if (!SCALAR) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector vy = FloatVector.fromMemorySegment(S, y, (yOff + i) * 4, ORDER);
                FloatVector vd = FloatVector.fromMemorySegment(S, dy, (dyOff + i) * 4, ORDER);
                FloatVector vx = FloatVector.fromMemorySegment(S, dx, (dxOff + i) * 4, ORDER);
                vd.fma(vy.mul(one.sub(vy)), vx).intoMemorySegment(dx, (dxOff + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            float v = y.getAtIndex(F32, yOff + i);
            dx.setAtIndex(F32, dxOff + i, Math.fma(dy.getAtIndex(F32, dyOff + i), v * (1f - v),
                    dx.getAtIndex(F32, dxOff + i)));
        }
    }

    /** dx += dy where y > 0 (y = relu(x); the gradient at 0 is 0, as PyTorch). */
    public static void reluBackward(long n, MemorySegment y, long yOff, MemorySegment dy, long dyOff,
                                    MemorySegment dx, long dxOff) {
        long i = 0;
        if (!SCALAR) {
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector vy = FloatVector.fromMemorySegment(S, y, (yOff + i) * 4, ORDER);
                FloatVector vd = FloatVector.fromMemorySegment(S, dy, (dyOff + i) * 4, ORDER);
                FloatVector vx = FloatVector.fromMemorySegment(S, dx, (dxOff + i) * 4, ORDER);
                vx.add(vd, vy.compare(VectorOperators.GT, 0f)).intoMemorySegment(dx, (dxOff + i) * 4, ORDER);
            }
        }
        for (; i < n; i++) {
            if (y.getAtIndex(F32, yOff + i) > 0f) {
                dx.setAtIndex(F32, dxOff + i, dx.getAtIndex(F32, dxOff + i) + dy.getAtIndex(F32, dyOff + i));
            }
        }
    }

    /** dst[j] += sum over rows r of src[r * ld + j], j < cols. */
    public static void columnSumAdd(int rows, int cols, MemorySegment src, long srcOff, long ld, MemorySegment dst,
                                    long dstOff) {
        for (int r = 0; r < rows; r++) {
            Elementwise.add(cols, dst, dstOff, src, srcOff + r * ld, dst, dstOff);
        }
    }

    /** Sum of a[i] * b[i] in double (for small reductions such as attention scores). */
    public static double dot(long n, MemorySegment a, long aOff, MemorySegment b, long bOff) {
        double s = 0;
        long i = 0;
        if (!SCALAR) {
            FloatVector acc = FloatVector.zero(S);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                acc = FloatVector.fromMemorySegment(S, a, (aOff + i) * 4, ORDER)
                        .fma(FloatVector.fromMemorySegment(S, b, (bOff + i) * 4, ORDER), acc);
            }
            float[] lanes = Kernels.laneBuffer();   // NOTE [deterministic sums]
            acc.intoArray(lanes, 0);
            for (float lane : lanes) {
                s += lane;
            }
        }
        for (; i < n; i++) {
            s += (double) a.getAtIndex(F32, aOff + i) * b.getAtIndex(F32, bOff + i);
        }
        return s;
    }
}

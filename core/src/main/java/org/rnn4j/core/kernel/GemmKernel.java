package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.Kernels.ORDER;
import static org.rnn4j.core.kernel.Kernels.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The GEMM register tile: an MR x NR block of C (6 rows x 2 vectors) held in 12 accumulators,
 * fed from packed panels — A's panel holds MR values per k, B's panel NR values per k — so every
 * k step is 2 vector loads, 6 broadcasts and 12 FMAs. Panels are heap arrays: they are private
 * scratch, and heap loads ran ~15% faster than segment loads in the inner loop (DESIGN.md).
 *
 * <p>Accumulators are plain locals — never an array (boxed vectors run ~40x slower).
 */
final class GemmKernel {
    static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;

    private GemmKernel() {
    }

    /**
     * C[0:mr, 0:nr] = acc + beta * C, with acc = sum over p < kc of a[ao + p*MR + i] * b[bo + p*NR + j].
     * C starts at float index {@code cOff} of {@code c} with row stride {@code ldc}.
     * {@code tile} is MR*NR floats of scratch for partial tiles.
     */
    static void tile(int kc, float[] a, int ao, float[] b, int bo,
                     MemorySegment c, long cOff, int ldc, float beta, int mr, int nr, float[] tile) {
        if (Kernels.SCALAR) {
            scalarTile(kc, a, ao, b, bo, c, cOff, ldc, beta, mr, nr);
            return;
        }
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        if (mr == MR && nr == NR) {
            // Written out, not a helper taking vectors: a call that fails to inline boxes them.
            long row = (long) ldc * Float.BYTES;
            long o0 = cOff * Float.BYTES;
            long o1 = o0 + (long) L * Float.BYTES;
            if (beta != 0f) {
                FloatVector vb = FloatVector.broadcast(S, beta);
                c00 = FloatVector.fromMemorySegment(S, c, o0, ORDER).fma(vb, c00);
                c01 = FloatVector.fromMemorySegment(S, c, o1, ORDER).fma(vb, c01);
                c10 = FloatVector.fromMemorySegment(S, c, o0 + row, ORDER).fma(vb, c10);
                c11 = FloatVector.fromMemorySegment(S, c, o1 + row, ORDER).fma(vb, c11);
                c20 = FloatVector.fromMemorySegment(S, c, o0 + 2 * row, ORDER).fma(vb, c20);
                c21 = FloatVector.fromMemorySegment(S, c, o1 + 2 * row, ORDER).fma(vb, c21);
                c30 = FloatVector.fromMemorySegment(S, c, o0 + 3 * row, ORDER).fma(vb, c30);
                c31 = FloatVector.fromMemorySegment(S, c, o1 + 3 * row, ORDER).fma(vb, c31);
                c40 = FloatVector.fromMemorySegment(S, c, o0 + 4 * row, ORDER).fma(vb, c40);
                c41 = FloatVector.fromMemorySegment(S, c, o1 + 4 * row, ORDER).fma(vb, c41);
                c50 = FloatVector.fromMemorySegment(S, c, o0 + 5 * row, ORDER).fma(vb, c50);
                c51 = FloatVector.fromMemorySegment(S, c, o1 + 5 * row, ORDER).fma(vb, c51);
            }
            c00.intoMemorySegment(c, o0, ORDER);
            c01.intoMemorySegment(c, o1, ORDER);
            c10.intoMemorySegment(c, o0 + row, ORDER);
            c11.intoMemorySegment(c, o1 + row, ORDER);
            c20.intoMemorySegment(c, o0 + 2 * row, ORDER);
            c21.intoMemorySegment(c, o1 + 2 * row, ORDER);
            c30.intoMemorySegment(c, o0 + 3 * row, ORDER);
            c31.intoMemorySegment(c, o1 + 3 * row, ORDER);
            c40.intoMemorySegment(c, o0 + 4 * row, ORDER);
            c41.intoMemorySegment(c, o1 + 4 * row, ORDER);
            c50.intoMemorySegment(c, o0 + 5 * row, ORDER);
            c51.intoMemorySegment(c, o1 + 5 * row, ORDER);
            return;
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        for (int i = 0; i < mr; i++) {
            long rowOff = cOff + (long) i * ldc;
            for (int j = 0; j < nr; j++) {
                float acc = tile[i * NR + j];
                long idx = rowOff + j;
                float v = beta == 0f ? acc : Math.fma(beta, c.getAtIndex(Kernels.F32, idx), acc);
                c.setAtIndex(Kernels.F32, idx, v);
            }
        }
    }

    /** The same tile with plain loops, in the same summation order (the forced-scalar path). */
    static void scalarTile(int kc, float[] a, int ao, float[] b, int bo,
                           MemorySegment c, long cOff, int ldc, float beta, int mr, int nr) {
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                float acc = 0f;
                for (int p = 0; p < kc; p++) {
                    acc = Math.fma(a[ao + p * MR + i], b[bo + p * NR + j], acc);
                }
                long idx = cOff + (long) i * ldc + j;
                float v = beta == 0f ? acc : Math.fma(beta, c.getAtIndex(Kernels.F32, idx), acc);
                c.setAtIndex(Kernels.F32, idx, v);
            }
        }
    }
}

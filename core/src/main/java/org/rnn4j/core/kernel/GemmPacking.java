package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.GemmKernel.L;
import static org.rnn4j.core.kernel.GemmKernel.MR;
import static org.rnn4j.core.kernel.GemmKernel.NR;
import static org.rnn4j.core.kernel.Kernels.F32;
import static org.rnn4j.core.kernel.Kernels.ORDER;
import static org.rnn4j.core.kernel.Kernels.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the panel layouts {@link GemmKernel} reads, resolving the
 * transposes and leading dimensions on the way (so the kernel only ever sees unit strides).
 *
 * <p>A block (mc x kc) becomes ceil(mc/MR) panels of kc*MR floats: panel q, step p, row r at
 * {@code q*kc*MR + p*MR + r}, scaled by alpha, rows past mc zero. A B block (kc x nc) becomes
 * ceil(nc/NR) panels of kc*NR floats: panel q, step p, column j at {@code q*kc*NR + p*NR + j},
 * columns past nc zero.
 */
final class GemmPacking {
    private GemmPacking() {
    }

    /** Packs op(A)[i0:i0+mc, p0:p0+kc] * alpha into dst. tmp holds >= max(kc, mc) floats. */
    static void packA(boolean transA, MemorySegment a, long aOff, int lda, int i0, int mc, int p0, int kc,
                      float alpha, float[] dst, float[] tmp) {
        if (!transA) {
            // op(A)(i, p) = a[i*lda + p]: each row is contiguous along p.
            for (int ip = 0; ip < mc; ip += MR) {
                int mr = Math.min(MR, mc - ip);
                int base = (ip / MR) * kc * MR;
                for (int r = 0; r < MR; r++) {
                    if (r < mr) {
                        long src = aOff + (long) (i0 + ip + r) * lda + p0;
                        MemorySegment.copy(a, F32, src * Float.BYTES, tmp, 0, kc);
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = alpha * tmp[p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = 0f;
                        }
                    }
                }
            }
        } else {
            // op(A)(i, p) = a[p*lda + i]: each k step is a contiguous run along i.
            for (int p = 0; p < kc; p++) {
                long src = aOff + (long) (p0 + p) * lda + i0;
                MemorySegment.copy(a, F32, src * Float.BYTES, tmp, 0, mc);
                for (int ip = 0; ip < mc; ip += MR) {
                    int mr = Math.min(MR, mc - ip);
                    int d = (ip / MR) * kc * MR + p * MR;
                    for (int r = 0; r < mr; r++) {
                        dst[d + r] = alpha * tmp[ip + r];
                    }
                    for (int r = mr; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            }
        }
    }

    /** k steps per strip of a transposed B pack: NR * TK floats of scratch (16 KB at 512-bit). */
    static final int TK = 128;

    private static final ThreadLocal<int[]> GATHER = ThreadLocal.withInitial(() -> new int[L + 1]);

    /** {0, kc, 2kc, ...} (L entries): the offsets of L consecutive rows of a kc-wide block. */
    private static int[] gatherIndex(int kc) {
        int[] idx = GATHER.get();
        if (idx[L] != kc) {
            for (int j = 0; j < L; j++) {
                idx[j] = j * kc;
            }
            idx[L] = kc;
        }
        return idx;
    }

    /** Packs op(B)[p0:p0+kc, j0:j0+nc] into dst from dstOff. tmp holds >= NR*TK floats. */
    static void packB(boolean transB, MemorySegment b, long bOff, int ldb, int p0, int kc, int j0, int nc,
                      float[] dst, int dstOff, float[] tmp) {
        for (int jp = 0; jp < nc; jp += NR) {
            int nr = Math.min(NR, nc - jp);
            int base = dstOff + (jp / NR) * kc * NR;
            if (!transB) {
                // op(B)(p, j) = b[p*ldb + j]: NR contiguous floats per k step.
                for (int p = 0; p < kc; p++) {
                    long src = bOff + (long) (p0 + p) * ldb + j0 + jp;
                    int d = base + p * NR;
                    if (nr == NR && !Kernels.SCALAR) {
                        FloatVector.fromMemorySegment(S, b, src * Float.BYTES, ORDER).intoArray(dst, d);
                        FloatVector.fromMemorySegment(S, b, (src + L) * Float.BYTES, ORDER).intoArray(dst, d + L);
                    } else {
                        for (int j = 0; j < nr; j++) {
                            dst[d + j] = b.getAtIndex(F32, src + j);
                        }
                        for (int j = nr; j < NR; j++) {
                            dst[d + j] = 0f;
                        }
                    }
                }
            } else {
                // op(B)(p, j) = b[j*ldb + p]: copy nr rows of a TK-long strip to the heap (small
                // enough to stay in L1), then gather one column of NR values per k step.
                for (int ps = 0; ps < kc; ps += TK) {
                    int tk = Math.min(TK, kc - ps);
                    for (int j = 0; j < nr; j++) {
                        long src = bOff + (long) (j0 + jp + j) * ldb + p0 + ps;
                        MemorySegment.copy(b, F32, src * Float.BYTES, tmp, j * tk, tk);
                    }
                    if (nr == NR && !Kernels.SCALAR) {
                        int[] rows = gatherIndex(tk);
                        for (int p = 0; p < tk; p++) {
                            int d = base + (ps + p) * NR;
                            FloatVector.fromArray(S, tmp, p, rows, 0).intoArray(dst, d);
                            FloatVector.fromArray(S, tmp, p + L * tk, rows, 0).intoArray(dst, d + L);
                        }
                    } else {
                        for (int p = 0; p < tk; p++) {
                            int d = base + (ps + p) * NR;
                            for (int j = 0; j < nr; j++) {
                                dst[d + j] = tmp[j * tk + p];
                            }
                            for (int j = nr; j < NR; j++) {
                                dst[d + j] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }
}

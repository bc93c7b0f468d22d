package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.GemmKernel.MR;
import static org.rnn4j.core.kernel.GemmKernel.NR;

import java.lang.foreign.MemorySegment;
import org.rnn4j.core.tensor.Tensor;

/**
 * Single-precision matrix product, row-major: {@code C = alpha * op(A) * op(B) + beta * C} with
 * op(A) m x k and op(B) k x n. {@code transA} means A is stored k x m (so op(A) = A^T), likewise
 * {@code transB} (B stored n x k). Offsets and leading dimensions are in floats, so views work.
 *
 * <p>Blocked as in Goto's algorithm: for each NC-wide column block, each KC-deep slice of B is
 * packed once, each MC-tall block of A is packed against it, and {@link GemmKernel} sweeps
 * MR x NR tiles. Large products are split over {@link Parallel} along N (or M when M is larger),
 * at tile boundaries; every element of C is summed in the same order whatever the thread count,
 * so results are bit-identical across thread counts. Segments of a confined arena cannot be
 * touched by other threads, so such products run on the caller's thread.
 *
 * <p>BLAS conventions: beta = 0 overwrites C (NaN in C does not survive); k = 0 or alpha = 0
 * only scales C by beta.
 */
public final class Gemm {
    static final int KC = 512;
    static final int MC = 20 * MR;
    static final int NC = Math.max(NR, 2048 / NR * NR);
    /** Below this many FLOPs a product stays on the caller's thread. */
    static final long PARALLEL_MIN_FLOPS = 1L << 22;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Gemm() {
    }

    /** Per-thread packing buffers (heap: private scratch, fastest for the inner loop). */
    private static final class Scratch {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tmp = new float[Math.max(NR * KC, Math.max(MC, KC))];
        final float[] tile = new float[MR * NR];
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                             float beta, MemorySegment c, long cOff, int ldc) {
        checkDims(m, n, k);
        checkMatrix("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        checkMatrix("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        checkMatrix("C", c, cOff, m, n, ldc);
        run(transA, m, n, k, alpha, a, aOff, lda, transB, b, bOff, ldb, null, beta, c, cOff, ldc);
    }

    /** The same product with op(B) taken from a {@link PackedB}. */
    public static void sgemm(boolean transA, int m, float alpha, MemorySegment a, long aOff, int lda,
                             PackedB b, float beta, MemorySegment c, long cOff, int ldc) {
        int n = b.n;
        int k = b.k;
        checkDims(m, n, k);
        checkMatrix("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        checkMatrix("C", c, cOff, m, n, ldc);
        run(transA, m, n, k, alpha, a, aOff, lda, b.transB, null, 0, 0, b, beta, c, cOff, ldc);
    }

    /**
     * Tensor form: {@code c = alpha * op(a) * op(b) + beta * c} for 2-D tensors; shape errors name
     * all three shapes.
     */
    public static void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            throw new IllegalArgumentException("matmul needs 2-D tensors, got a " + a.shape() + ", b " + b.shape()
                    + ", c " + c.shape());
        }
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb || c.dim(0) != m || c.dim(1) != n) {
            throw new IllegalArgumentException("matmul shape mismatch: op(a) " + m + "x" + k + " from a " + a.shape()
                    + (transA ? "^T" : "") + ", op(b) " + kb + "x" + n + " from b " + b.shape() + (transB ? "^T" : "")
                    + ", c " + c.shape() + " (needs (" + m + ", " + n + ") and equal inner sizes)");
        }
        sgemm(transA, transB, m, n, k, alpha, a.data(), 0, a.dim(1), b.data(), 0, b.dim(1), beta, c.data(), 0,
                c.dim(1));
    }

    private static void run(boolean transA, int m, int n, int k, float alpha,
                            MemorySegment a, long aOff, int lda, boolean transB, MemorySegment b, long bOff, int ldb,
                            PackedB pb, float beta, MemorySegment c, long cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        int threads = Parallel.inPool() || !Parallel.shareable(a, b, c) ? 1 : Parallel.threads();
        long flops = 2L * m * n * k;
        if (threads == 1 || flops < PARALLEL_MIN_FLOPS || (n < 2 * NR && m < 2 * MR)) {
            serial(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c, cOff, ldc);
            return;
        }
        if (n >= m && n >= 2 * NR) {
            int chunk = ceilDiv(ceilDiv(n, threads), NR) * NR;
            int tasks = ceilDiv(n, chunk);
            Parallel.run(tasks, t -> serial(transA, transB, 0, m, t * chunk, Math.min(n, (t + 1) * chunk), k,
                    alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c, cOff, ldc));
        } else {
            int chunk = ceilDiv(ceilDiv(m, threads), MR) * MR;
            int tasks = ceilDiv(m, chunk);
            Parallel.run(tasks, t -> serial(transA, transB, t * chunk, Math.min(m, (t + 1) * chunk), 0, n, k,
                    alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c, cOff, ldc));
        }
    }

    /** Rows [i0, i1) and columns [j0, j1) of C on this thread; j0 is a multiple of NR. */
    private static void serial(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                               MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                               PackedB pb, float beta, MemorySegment c, long cOff, int ldc) {
        Scratch s = SCRATCH.get();
        // With a single MC block of rows and no pre-packed B, each B panel is packed right before
        // the tiles that use it, while it is still in L1: for the skinny products of a recurrent
        // step (m = batch) packing the whole KC x NC block first would stream it through L3.
        boolean panelAtATime = pb == null && i1 - i0 <= MC;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bArr;
                int bBase;
                if (pb != null) {
                    bArr = pb.data;
                    bBase = pb.blockOffset(pc) + (jc / NR) * kc * NR;
                } else {
                    if (!panelAtATime) {
                        GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, s.b, 0, s.tmp);
                    }
                    bArr = s.b;
                    bBase = 0;
                }
                float betaNow = pc == 0 ? beta : 1f;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    GemmPacking.packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, s.a, s.tmp);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bPanel;
                        if (panelAtATime) {
                            GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc + jr, nr, s.b, 0, s.tmp);
                            bPanel = 0;
                        } else {
                            bPanel = bBase + (jr / NR) * kc * NR;
                        }
                        for (int ir = 0; ir < mc; ir += MR) {
                            GemmKernel.tile(kc, s.a, (ir / MR) * kc * MR, bArr, bPanel,
                                    c, cOff + (long) (ic + ir) * ldc + jc + jr, ldc, betaNow,
                                    Math.min(MR, mc - ir), nr, s.tile);
                        }
                    }
                }
            }
        }
    }

    private static void scale(int m, int n, float beta, MemorySegment c, long cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            long row = cOff + (long) i * ldc;
            if (beta == 0f) {
                c.asSlice(row * Float.BYTES, (long) n * Float.BYTES).fill((byte) 0);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c.setAtIndex(Kernels.F32, row + j, beta * c.getAtIndex(Kernels.F32, row + j));
                }
            }
        }
    }

    private static void checkDims(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm sizes must be >= 0, got m " + m + ", n " + n + ", k " + k);
        }
    }

    /** Checks that a rows x cols matrix with leading dimension ld fits in seg from float offset off. */
    static void checkMatrix(String name, MemorySegment seg, long off, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld + " but its rows hold "
                    + cols + " floats (ld must be >= max(1, " + cols + "))");
        }
        if (off < 0) {
            throw new IllegalArgumentException("offset of " + name + " is negative: " + off);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long need = off + (long) (rows - 1) * ld + cols;
        long have = seg.byteSize() / Float.BYTES;
        if (need > have) {
            throw new IllegalArgumentException(name + " is " + rows + " x " + cols + " with leading dimension " + ld
                    + " from offset " + off + ", so it needs " + need + " floats, but its segment holds " + have);
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}

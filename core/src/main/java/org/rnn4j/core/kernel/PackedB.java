package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.GemmKernel.NR;

import java.lang.foreign.MemorySegment;

/**
 * op(B) packed once into GEMM panels and reused across many products — the recurrent weights of
 * an RNN are multiplied at every time step, so packing them per step would waste the work.
 * {@link #repack} refills it in place after the weights change (no allocation).
 *
 * <p>Layout: K is cut into blocks of {@link Gemm#KC}; block b starts at {@code b*KC*nPadded} and
 * holds ceil(n/NR) panels of kc*NR floats (see {@link GemmPacking}).
 */
public final class PackedB {
    final int k;
    final int n;
    final int nPadded;
    final boolean transB;
    final float[] data;
    private static final ThreadLocal<float[]> TMP = ThreadLocal.withInitial(() -> new float[NR * GemmPacking.TK]);

    private PackedB(boolean transB, int k, int n) {
        this.transB = transB;
        this.k = k;
        this.n = n;
        this.nPadded = (n + NR - 1) / NR * NR;
        long size = (long) k * nPadded;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("B of " + k + " x " + n + " is too large to pre-pack");
        }
        this.data = new float[(int) size];
    }

    /**
     * Packs op(B), a k x n matrix: B itself (row-major, leading dimension ldb) when
     * {@code transB} is false, else B stored n x k.
     */
    public static PackedB pack(boolean transB, int k, int n, MemorySegment b, long bOff, int ldb) {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("pack: k " + k + " and n " + n + " must be >= 0");
        }
        PackedB pb = new PackedB(transB, k, n);
        pb.repack(b, bOff, ldb);
        return pb;
    }

    /** Packs new values of a B with the same shape and transpose. */
    public void repack(MemorySegment b, long bOff, int ldb) {
        Gemm.checkMatrix("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        float[] tmp = TMP.get();
        for (int pc = 0; pc < k; pc += Gemm.KC) {
            int kc = Math.min(Gemm.KC, k - pc);
            GemmPacking.packB(transB, b, bOff, ldb, pc, kc, 0, n, data, blockOffset(pc), tmp);
        }
    }

    int blockOffset(int pc) {
        return pc * nPadded; // every block before pc is a full KC deep
    }

    /** Rows of op(B) (the inner dimension of the product). */
    public int k() {
        return k;
    }

    /** Columns of op(B). */
    public int n() {
        return n;
    }

    @Override
    public String toString() {
        return "PackedB(" + k + " x " + n + (transB ? ", from B transposed)" : ")");
    }
}

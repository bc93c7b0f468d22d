package org.rnn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Tensor;

/**
 * sgemm against a double-precision triple loop, on shapes around every blocking edge (vector
 * lanes, the MR x NR tile, KC, MC, NC), all four transposes, unaligned offsets, padded leading
 * dimensions and alpha/beta outside {0, 1}.
 *
 * <p>Tolerance (NOTE [tolerance]): float GEMM error is bounded by gamma_k * |alpha| |A||B| (Higham);
 * each case uses atol = (k + 4) * 2^-24 * max over C of (|alpha| sum_p |a||b| + |beta c|), rtol = 0.
 */
class GemmTest {
    static final int L = Kernels.S.length();
    static final int MR = GemmKernel.MR;
    static final int NR = GemmKernel.NR;

    private final Arena arena = Arena.ofShared();   // shared: the threaded path must be exercised

    @AfterEach
    void close() {
        arena.close();
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** A matrix placed inside a larger segment: offset, leading dimension, NaN sentinels around. */
    record Mat(MemorySegment seg, long off, int rows, int cols, int ld) {
        float get(int i, int j) {
            return seg.getAtIndex(ValueLayout.JAVA_FLOAT, off + (long) i * ld + j);
        }
    }

    Mat place(int rows, int cols, int off, int pad, Random r) {
        int ld = Math.max(1, cols + pad);
        long total = off + (long) rows * ld + 5;
        MemorySegment seg = arena.allocate(total * Float.BYTES, 4);
        for (long i = 0; i < total; i++) {
            seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, Float.NaN); // any read of padding poisons C
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                seg.setAtIndex(ValueLayout.JAVA_FLOAT, off + (long) i * ld + j, r.nextFloat() * 2 - 1);
            }
        }
        return new Mat(seg, off, rows, cols, ld);
    }

    void check(long seed, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int off, int pad) {
        Random r = new Random(seed);
        Mat a = ta ? place(k, m, off, pad, r) : place(m, k, off + 2, pad, r);
        Mat b = tb ? place(n, k, off + 1, pad + 1, r) : place(k, n, off, pad, r);
        Mat c = place(m, n, off + 3, pad, r);
        double[] expected = new double[m * n];
        double maxAbs = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a.get(p, i) : a.get(i, p);
                    double y = tb ? b.get(j, p) : b.get(p, j);
                    s += x * y;
                    abs += Math.abs(x * y);
                }
                double cv = beta == 0f ? 0 : beta * (double) c.get(i, j);
                expected[i * n + j] = alpha * s + cv;
                maxAbs = Math.max(maxAbs, Math.abs(alpha) * abs + Math.abs(cv));
            }
        }
        Gemm.sgemm(ta, tb, m, n, k, alpha, a.seg, a.off, a.ld, b.seg, b.off, b.ld, beta, c.seg, c.off, c.ld);
        float[] actual = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                actual[i * n + j] = c.get(i, j);
            }
        }
        String ctx = String.format("seed %d, %s%s m=%d n=%d k=%d alpha=%s beta=%s off=%d pad=%d (%s)", seed,
                ta ? "T" : "N", tb ? "T" : "N", m, n, k, alpha, beta, off, pad, Kernels.describe());
        new Tolerance((k + 4) * 0x1p-24 * maxAbs, 0).check(ctx, actual, expected);
        // C's padding and the floats around it stay untouched (still NaN).
        for (int i = 0; i < m; i++) {
            for (int j = n; j < c.ld; j++) {
                assertTrue(Float.isNaN(c.get(i, j)), ctx + ": C padding written at (" + i + ", " + j + ")");
            }
        }
        for (long i = 0; i < c.off; i++) {
            assertTrue(Float.isNaN(c.seg.getAtIndex(ValueLayout.JAVA_FLOAT, i)), ctx + ": wrote before C");
        }
    }

    static List<int[]> edgeShapes() {
        int[] sizes = {1, L - 1, L, L + 1, MR - 1, MR + 1, NR - 1, NR + 1, 45, 65};
        List<int[]> shapes = new ArrayList<>();
        for (int s : sizes) {
            shapes.add(new int[] {s, 65, 45});
            shapes.add(new int[] {45, s, 65});
            shapes.add(new int[] {65, 45, s});
        }
        shapes.add(new int[] {45, 65, 33});
        shapes.add(new int[] {Gemm.MC + 7, 70, Gemm.KC * 2 + 3});   // crosses MC and two KC blocks
        shapes.add(new int[] {7, Gemm.NC + NR + 5, 20});            // crosses an NC block
        return shapes;
    }

    @Test
    void allTransposesOnEdgeShapes() {
        long seed = 1000;
        for (int[] s : edgeShapes()) {
            for (int t = 0; t < 4; t++) {
                check(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.75f, -1.25f, 1 + (t % 3) * 3, t);
            }
        }
    }

    @Test
    void randomShapesAndScalars() {
        Random r = new Random(42);
        for (int i = 0; i < 40; i++) {
            long seed = r.nextLong();
            int m = r.nextInt(90) + 1;
            int n = r.nextInt(90) + 1;
            int k = r.nextInt(300) + 1;
            float alpha = (float) (r.nextGaussian() * 2);
            float beta = i % 5 == 0 ? 0f : (float) r.nextGaussian();
            check(seed, r.nextBoolean(), r.nextBoolean(), m, n, k, alpha, beta, r.nextInt(8), r.nextInt(4));
        }
    }

    @Test
    void zeroSizesAndDegenerateScalars() {
        check(1, false, false, 0, 5, 3, 1.5f, 2f, 1, 0);
        check(2, false, true, 5, 0, 3, 1.5f, 2f, 1, 0);
        check(3, true, false, 5, 4, 0, 1.5f, 2f, 1, 1);     // k = 0: C = beta * C
        check(4, true, true, 5, 4, 7, 0f, -0.5f, 3, 1);     // alpha = 0: C = beta * C
        check(5, false, false, 5, 4, 7, 0.5f, 0f, 3, 1);     // beta = 0 overwrites
        check(6, false, false, 1, 1, 1, 3f, 0.25f, 0, 0);
    }

    @Test
    void betaZeroOverwritesNanButNanInputsPropagate() {
        MemorySegment a = arena.allocate(4L * 4 * 4, 64);
        MemorySegment b = arena.allocate(4L * 4 * 4, 64);
        MemorySegment c = arena.allocate(4L * 4 * 4, 64);
        for (int i = 0; i < 16; i++) {
            a.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1f);
            b.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1f);
            c.setAtIndex(ValueLayout.JAVA_FLOAT, i, Float.NaN);
        }
        Gemm.sgemm(false, false, 4, 4, 4, 1f, a, 0, 4, b, 0, 4, 0f, c, 0, 4);
        assertEquals(4f, c.getAtIndex(ValueLayout.JAVA_FLOAT, 5));
        a.setAtIndex(ValueLayout.JAVA_FLOAT, 4, Float.NaN);                  // row 1 of A
        b.setAtIndex(ValueLayout.JAVA_FLOAT, 2, Float.POSITIVE_INFINITY);    // column 2 of B
        Gemm.sgemm(false, false, 4, 4, 4, 1f, a, 0, 4, b, 0, 4, 0f, c, 0, 4);
        assertTrue(Float.isNaN(c.getAtIndex(ValueLayout.JAVA_FLOAT, 4 + 1)));
        assertEquals(Float.POSITIVE_INFINITY, c.getAtIndex(ValueLayout.JAVA_FLOAT, 2));
        assertEquals(4f, c.getAtIndex(ValueLayout.JAVA_FLOAT, 3 * 4 + 3));
    }

    @Test
    void prepackedBMatchesThePlainProductBitForBit() {
        Random r = new Random(7);
        for (boolean tb : new boolean[] {false, true}) {
            int m = 37;
            int n = 2 * NR + 3;
            int k = Gemm.KC + 17;
            Mat a = place(m, k, 1, 0, r);
            Mat b = tb ? place(n, k, 3, 2, r) : place(k, n, 3, 2, r);
            Mat c1 = place(m, n, 0, 0, r);
            Mat c2 = place(m, n, 0, 0, r);
            MemorySegment.copy(c1.seg, 0, c2.seg, 0, c1.seg.byteSize());
            Gemm.sgemm(false, tb, m, n, k, 0.5f, a.seg, a.off, a.ld, b.seg, b.off, b.ld, 0.3f, c1.seg, 0, n);
            PackedB pb = PackedB.pack(tb, k, n, b.seg, b.off, b.ld);
            Gemm.sgemm(false, m, 0.5f, a.seg, a.off, a.ld, pb, 0.3f, c2.seg, 0, n);
            assertEquals(-1, c1.seg.mismatch(c2.seg), "prepacked differs, transB=" + tb);
            // repack after B changes: matches a fresh product again
            b.seg.setAtIndex(ValueLayout.JAVA_FLOAT, b.off, 5f);
            pb.repack(b.seg, b.off, b.ld);
            Gemm.sgemm(false, tb, m, n, k, 1f, a.seg, a.off, a.ld, b.seg, b.off, b.ld, 0f, c1.seg, 0, n);
            Gemm.sgemm(false, m, 1f, a.seg, a.off, a.ld, pb, 0f, c2.seg, 0, n);
            assertEquals(-1, c1.seg.mismatch(c2.seg), "repacked differs, transB=" + tb);
        }
    }

    @Test
    void resultsAreBitIdenticalAcrossThreadCounts() {
        Random r = new Random(11);
        int m = 150;
        int n = 2 * NR + 69;
        int k = 300;   // 2*m*n*k is above the parallel threshold
        assertTrue(2L * m * n * k >= Gemm.PARALLEL_MIN_FLOPS);
        Mat a = place(m, k, 0, 0, r);
        Mat b = place(n, k, 0, 0, r);
        float[][] results = new float[3][];
        for (int t = 1; t <= 3; t++) {
            Parallel.setThreads(t);
            Mat c = place(m, n, 0, 0, new Random(5));
            Gemm.sgemm(false, true, m, n, k, 1f, a.seg, 0, k, b.seg, 0, k, 0.5f, c.seg, 0, n);
            results[t - 1] = c.seg.toArray(ValueLayout.JAVA_FLOAT);
        }
        assertArrayEquals(results[0], results[1]);
        assertArrayEquals(results[0], results[2]);
        check(99, false, true, m, n, k, 1f, 0.5f, 0, 0);   // and the threaded result is right
    }

    @Test
    void badArgumentsAreNamed() {
        MemorySegment s = arena.allocate(100 * 4, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 2, 2, 1f, s, 0, 2, s, 0, 2, 0f, s, 0, 2));
        assertTrue(e.getMessage().contains("m -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 5, 1f, s, 0, 4, s, 0, 4, 0f, s, 0, 4));
        assertEquals("leading dimension of A is 4 but its rows hold 5 floats (ld must be >= max(1, 5))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 10, 10, 10, 1f, s, 0, 10, s, 5, 10, 0f, s, 0, 10));
        assertEquals("B is 10 x 10 with leading dimension 10 from offset 5, so it needs 105 floats, but its segment"
                + " holds 100", e.getMessage());
    }

    @Test
    void tensorMatmulChecksShapes() {
        try (NativeAllocator alloc = new NativeAllocator("test")) {
            Tensor a = alloc.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor b = alloc.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
            Tensor c = alloc.allocate(2, 2);
            Gemm.matmul(a, false, b, false, c, 1f, 0f);
            assertArrayEquals(new float[] {4, 5, 10, 11}, c.toArray());
            Gemm.matmul(b, true, a, true, c, 1f, 0f);      // (a b)^T = b^T a^T
            assertArrayEquals(new float[] {4, 10, 5, 11}, c.toArray());
            var e = assertThrows(IllegalArgumentException.class, () -> Gemm.matmul(a, false, a, false, c, 1f, 0f));
            assertEquals("matmul shape mismatch: op(a) 2x3 from a (2, 3), op(b) 2x3 from b (2, 3), c (2, 2)"
                    + " (needs (2, 3) and equal inner sizes)", e.getMessage());
            a.close();
            b.close();
            c.close();
        }
    }
}

package org.rnn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.function.Executable;

/**
 * Test helpers: segments padded with sentinels around the data, so every kernel test also checks
 * that nothing outside the written range changed; the sizes every kernel test runs; and the seed.
 */
final class Seg {
    /** Fills every float a kernel must not touch. */
    static final float SENTINEL = -12345.625f;
    /** Floats of sentinel after the data. */
    static final int PAD = 5;
    /** Unaligned float offsets the data is placed at. */
    static final long[] OFFSETS = {1, 3, 7};
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** The vector width under test (256/128-bit runs get their own). */
    static final int LANES = Kernels.S.length();
    /** Base seed; override with -Drnn4j.test.seed=N to explore. Every failure message names it. */
    static final long SEED = Long.getLong("rnn4j.test.seed", 20240917L);

    private Seg() {
    }

    /** 0, 1, lanes-1, lanes, lanes+1, 2*lanes+3, 1000 (distinct, ascending). */
    static int[] sizes() {
        return IntStream.of(0, 1, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 1000).distinct().sorted().toArray();
    }

    static Random random(long salt) {
        return new Random(SEED * 31 + salt);
    }

    /** Where the run is: " [seed S, simd (512-bit, 16 lanes)]". */
    static String where(long salt) {
        return " [seed " + SEED + " salt " + salt + ", " + Kernels.describe() + "]";
    }

    static float[] uniform(Random rnd, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * rnd.nextFloat();
        }
        return a;
    }

    /** A segment of {@code off + data.length + PAD} floats, all sentinel but {@code data} at {@code off}. */
    static MemorySegment of(Arena arena, long off, float[] data) {
        MemorySegment s = blank(arena, off + data.length);
        MemorySegment.copy(data, 0, s, F, off * Float.BYTES, data.length);
        return s;
    }

    /** A segment of {@code floats + PAD} sentinels. */
    static MemorySegment blank(Arena arena, long floats) {
        MemorySegment s = arena.allocate((floats + PAD) * Float.BYTES, 1);
        for (long i = 0; i < floats + PAD; i++) {
            s.setAtIndex(F, i, SENTINEL);
        }
        return s;
    }

    /** A rows x cols matrix with leading dimension ld at float off; the gaps hold sentinels. */
    static MemorySegment matrix(Arena arena, long off, int rows, int cols, long ld, float[] data) {
        MemorySegment s = blank(arena, off + (long) rows * ld);
        for (int r = 0; r < rows; r++) {
            MemorySegment.copy(data, r * cols, s, F, (off + r * ld) * Float.BYTES, cols);
        }
        return s;
    }

    static float[] read(MemorySegment s, long off, int n) {
        float[] a = new float[n];
        MemorySegment.copy(s, F, off * Float.BYTES, a, 0, n);
        return a;
    }

    static float[] readMatrix(MemorySegment s, long off, int rows, int cols, long ld) {
        float[] a = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            MemorySegment.copy(s, F, (off + r * ld) * Float.BYTES, a, r * cols, cols);
        }
        return a;
    }

    /** Every float of s outside [off, off + n) is still the sentinel. */
    static void assertUntouchedOutside(String ctx, MemorySegment s, long off, long n) {
        assertUntouchedOutside(ctx, s, off, 1, n, n);
    }

    /** Every float of s outside the rows x cols matrix at off (leading dimension ld) is still the sentinel. */
    static void assertUntouchedOutside(String ctx, MemorySegment s, long off, int rows, long cols, long ld) {
        long total = s.byteSize() / Float.BYTES;
        for (long i = 0; i < total; i++) {
            long rel = i - off;
            boolean inside = cols > 0 && rel >= 0 && rel < rows * ld && rel % ld < cols;
            if (!inside && Float.floatToRawIntBits(s.getAtIndex(F, i)) != Float.floatToRawIntBits(SENTINEL)) {
                fail(ctx + ": float " + i + " outside the written range changed to " + s.getAtIndex(F, i));
            }
        }
    }

    /** The input still holds exactly {@code data} (bit for bit) and its sentinels. */
    static void assertInputIntact(String ctx, MemorySegment s, long off, float[] data) {
        float[] now = read(s, off, data.length);
        for (int i = 0; i < data.length; i++) {
            if (Float.floatToRawIntBits(now[i]) != Float.floatToRawIntBits(data[i])) {
                fail(ctx + ": input [" + i + "] changed from " + data[i] + " to " + now[i]);
            }
        }
        assertUntouchedOutside(ctx + " (input)", s, off, data.length);
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** call throws an IllegalArgumentException whose message contains {@code message}. */
    static void throwsNaming(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, message);
        assertTrue(e.getMessage().contains(message),
                "message '" + e.getMessage() + "' should contain '" + message + "'");
    }
}

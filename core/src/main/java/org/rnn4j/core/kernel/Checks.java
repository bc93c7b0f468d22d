package org.rnn4j.core.kernel;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Argument checks shared by the kernels. Every failure is an {@link IllegalArgumentException}
 * (or a {@link NullPointerException} for a null segment) whose message names the argument, so a
 * caller never has to decode an FFM {@code IndexOutOfBoundsException} from deep inside a loop.
 * Sizes and offsets count floats, never bytes.
 */
final class Checks {
    private Checks() {
    }

    /** {@code value >= 0}, else "NAME must be >= 0, got VALUE". */
    static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /** Floats {@code [off, off + n)} lie inside {@code seg}; {@code n >= 0} is checked by the caller. */
    static void span(String name, MemorySegment seg, String offName, long off, long n) {
        Objects.requireNonNull(seg, name);
        nonNegative(offName, off);
        long have = seg.byteSize() / Float.BYTES;
        if (off > have || n > have - off) {
            throw new IllegalArgumentException(name + " too small: needs " + sum(off, n) + " floats ("
                    + offName + " " + off + " + " + n + "), has " + have);
        }
    }

    /**
     * A row-major {@code rows x cols} matrix with leading dimension {@code ld} starting at float
     * {@code off} lies inside {@code seg}: it needs {@code off + (rows - 1) * ld + cols} floats.
     */
    static void matrix(String name, MemorySegment seg, String offName, long off, long rows, long cols,
            String ldName, long ld) {
        Objects.requireNonNull(seg, name);
        nonNegative(offName, off);
        if (ld < cols) {
            throw new IllegalArgumentException(ldName + " (" + ld + ") must be >= cols (" + cols + ")");
        }
        long have = seg.byteSize() / Float.BYTES;
        long needed;
        if (rows == 0 || cols == 0) {
            needed = off;
        } else {
            try {
                needed = Math.addExact(off, Math.addExact(Math.multiplyExact(rows - 1, ld), cols));
            } catch (ArithmeticException e) {
                needed = Long.MAX_VALUE;
            }
        }
        if (needed > have) {
            throw new IllegalArgumentException(name + " too small: needs " + needed + " floats (" + offName + " "
                    + off + ", " + rows + " rows x " + cols + " cols, " + ldName + " " + ld + "), has " + have);
        }
    }

    /** The common shape of a unary kernel: n, x[xOff..], out[outOff..]. */
    static void unary(long n, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        nonNegative("n", n);
        span("x", x, "xOff", xOff, n);
        span("out", out, "outOff", outOff, n);
    }

    /** The common shape of a binary kernel: n, x[xOff..], y[yOff..], out[outOff..]. */
    static void binary(long n, MemorySegment x, long xOff, MemorySegment y, long yOff, MemorySegment out,
            long outOff) {
        nonNegative("n", n);
        span("x", x, "xOff", xOff, n);
        span("y", y, "yOff", yOff, n);
        span("out", out, "outOff", outOff, n);
    }

    /** rows, cols >= 0 and x is a rows x cols matrix with leading dimension ldx. */
    static void rows(int rows, int cols, MemorySegment x, long xOff, long ldx) {
        nonNegative("rows", rows);
        nonNegative("cols", cols);
        matrix("x", x, "xOff", xOff, rows, cols, "ldx", ldx);
    }

    private static String sum(long a, long b) {
        long s = a + b;
        return s < a ? "more than " + Long.MAX_VALUE : Long.toString(s);
    }
}

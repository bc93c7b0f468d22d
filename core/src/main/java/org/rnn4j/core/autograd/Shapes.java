package org.rnn4j.core.autograd;

import java.lang.foreign.MemorySegment;
import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/** Concatenation, slicing, gathering and reshaping of 2-D values on the tape. */
public final class Shapes {
    private Shapes() {
    }

    /** [a | b | ...] along columns: each (N, Ci) gives (N, sum Ci). */
    public static Var concatColumns(Var... parts) {
        int n = parts[0].dim(0);
        int total = 0;
        for (Var p : parts) {
            if (p.value().rank() != 2 || p.dim(0) != n) {
                throw new IllegalArgumentException("concatColumns: all parts must be (" + n + ", C), got " + p.shape());
            }
            total += p.dim(1);
        }
        Tape tape = parts[0].tape();
        Tensor y = tape.alloc(Shape.of(n, total));
        int col = 0;
        for (Var p : parts) {
            copyBlock(p.value().data(), 0, p.dim(1), y.data(), col, total, n, p.dim(1));
            col += p.dim(1);
        }
        int width = total;
        Var yv = tape.output(y, parts);
        tape.record(() -> {
            int c = 0;
            for (Var p : parts) {
                if (p.requiresGrad()) {
                    addBlock(yv.grad().data(), c, width, p.gradForAccumulation().data(), 0, p.dim(1), n, p.dim(1));
                }
                c += p.dim(1);
            }
        }, yv);
        return yv;
    }

    /** Stacks (Ni, C) values vertically into (sum Ni, C). */
    public static Var concatRows(Var... parts) {
        int c = parts[0].dim(1);
        int total = 0;
        for (Var p : parts) {
            if (p.value().rank() != 2 || p.dim(1) != c) {
                throw new IllegalArgumentException("concatRows: all parts must be (N, " + c + "), got " + p.shape());
            }
            total += p.dim(0);
        }
        Tape tape = parts[0].tape();
        Tensor y = tape.alloc(Shape.of(total, c));
        long off = 0;
        for (Var p : parts) {
            long bytes = p.value().size() * 4;
            MemorySegment.copy(p.value().data(), 0, y.data(), off, bytes);
            off += bytes;
        }
        Var yv = tape.output(y, parts);
        tape.record(() -> {
            long o = 0;
            for (Var p : parts) {
                long n = p.value().size();
                if (p.requiresGrad()) {
                    Elementwise.add(n, p.gradForAccumulation().data(), 0, yv.grad().data(), o, p.grad().data(), 0);
                }
                o += n;
            }
        }, yv);
        return yv;
    }

    /** Columns [from, to) of x (N, C). */
    public static Var columns(Var x, int from, int to) {
        int n = x.dim(0);
        int c = x.dim(1);
        if (from < 0 || to < from || to > c) {
            throw new IllegalArgumentException("columns [" + from + ", " + to + ") out of range for " + x.shape());
        }
        Tape tape = x.tape();
        int w = to - from;
        Tensor y = tape.alloc(Shape.of(n, w));
        copyBlock(x.value().data(), from, c, y.data(), 0, w, n, w);
        Var yv = tape.output(y, x);
        tape.record(() -> addBlock(yv.grad().data(), 0, w, x.gradForAccumulation().data(), from, c, n, w), yv);
        return yv;
    }

    /**
     * Rows idx[0], idx[1], ... of x (N, C): y (idx.length, C); an index may repeat, and -1 gives
     * a row of zeros (padding) that passes no gradient back.
     */
    public static Var rows(Var x, int[] idx) {
        int n = x.dim(0);
        int c = x.dim(1);
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < -1 || idx[i] >= n) {
                throw new IllegalArgumentException("row index " + idx[i] + " at position " + i + " is outside [0, " + n
                        + ") for " + x.shape());
            }
        }
        Tape tape = x.tape();
        Tensor y = tape.zeros(Shape.of(idx.length, c));
        MemorySegment src = x.value().data();
        MemorySegment dst = y.data();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] >= 0) {
                MemorySegment.copy(src, (long) idx[i] * c * 4, dst, (long) i * c * 4, (long) c * 4);
            }
        }
        int[] index = idx.clone();
        Var yv = tape.output(y, x);
        tape.record(() -> {
            MemorySegment dy = yv.grad().data();
            MemorySegment dx = x.gradForAccumulation().data();
            for (int i = 0; i < index.length; i++) {
                if (index[i] >= 0) {
                    Elementwise.add(c, dx, (long) index[i] * c, dy, (long) i * c, dx, (long) index[i] * c);
                }
            }
        }, yv);
        return yv;
    }

    /** The same values with another shape (same size); the gradient flows back unchanged. */
    public static Var reshape(Var x, int... dims) {
        Tape tape = x.tape();
        Tensor y = x.value().reshape(dims);
        Var yv = tape.output(y, x);
        long n = x.value().size();
        tape.record(() -> Elementwise.add(n, x.gradForAccumulation().data(), 0, yv.grad().data(), 0, x.grad().data(), 0),
                yv);
        return yv;
    }

    /** dst[r, dstCol + j] = src[r, srcCol + j] for r < rows, j < w (leading dims lds, ldd). */
    static void copyBlock(MemorySegment src, int srcCol, int lds, MemorySegment dst, int dstCol, int ldd, int rows, int w) {
        for (int r = 0; r < rows; r++) {
            MemorySegment.copy(src, ((long) r * lds + srcCol) * 4, dst, ((long) r * ldd + dstCol) * 4, (long) w * 4);
        }
    }

    /** dst[r, dstCol + j] += src[r, srcCol + j]. */
    static void addBlock(MemorySegment src, int srcCol, int lds, MemorySegment dst, int dstCol, int ldd, int rows, int w) {
        for (int r = 0; r < rows; r++) {
            long d = (long) r * ldd + dstCol;
            Elementwise.add(w, dst, d, src, (long) r * lds + srcCol, dst, d);
        }
    }
}

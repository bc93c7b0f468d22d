package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.Kernels.F32;
import static org.rnn4j.core.kernel.Kernels.ORDER;
import static org.rnn4j.core.kernel.Kernels.S;
import static org.rnn4j.core.kernel.Kernels.SCALAR;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Per-row kernels on row-major float32 matrices: {@code rows x cols} starting at float {@code xOff},
 * row r starting at {@code xOff + r * ldx} ({@code ldx >= cols}); floats between rows are never
 * read or written. Softmax and logSoftmax may run in place ({@code out == x}, same offset and
 * leading dimension). NaN rules follow PyTorch: a row holding a NaN or a +inf, or made only of -inf,
 * gives an all-NaN (log)softmax row; {@code rowMax} of a row with a NaN is NaN; {@code argmaxRows}
 * returns the first NaN, else the first of equal maxima.
 */
public final class RowOps {
    private RowOps() {
    }

    /** out row r = exp(x_r - max x_r) / sum exp(x_r - max x_r); cols = 0 does nothing. */
    public static void softmax(int rows, int cols, MemorySegment x, long xOff, long ldx, MemorySegment out,
            long outOff, long ldo) {
        Checks.rows(rows, cols, x, xOff, ldx);
        Checks.matrix("out", out, "outOff", outOff, rows, cols, "ldo", ldo);
        for (int r = 0; r < rows && cols > 0; r++) {
            long xr = xOff + r * ldx;
            long or = outOff + r * ldo;
            float max = Reductions.maxRange(x, xr, cols);
            // out = exp(x - max), summed on the way
            long c = 0;
            float sum = 0f;
            if (!SCALAR) {
                FloatVector vmax = FloatVector.broadcast(S, max);
                FloatVector acc = FloatVector.zero(S);
                for (long bound = S.loopBound((long) cols); c < bound; c += S.length()) {
                    FloatVector v = FloatVector.fromMemorySegment(S, x, (xr + c) * Float.BYTES, ORDER);
                    FloatVector e = VectorMath.exp(v.sub(vmax));
                    e.intoMemorySegment(out, (or + c) * Float.BYTES, ORDER);
                    acc = acc.add(e);
                }
                float[] lanes = Kernels.laneBuffer();   // NOTE [deterministic sums]
                acc.intoArray(lanes, 0);
                sum = 0f;
                for (float lane : lanes) {
                    sum += lane;
                }
            }
            sum += expShiftedScalar(x, xr, out, or, c, cols, max);
            // out *= 1 / sum
            float inv = 1f / sum;
            c = 0;
            if (!SCALAR) {
                for (long bound = S.loopBound((long) cols); c < bound; c += S.length()) {
                    FloatVector e = FloatVector.fromMemorySegment(S, out, (or + c) * Float.BYTES, ORDER);
                    e.mul(inv).intoMemorySegment(out, (or + c) * Float.BYTES, ORDER);
                }
            }
            scaleScalar(out, or, c, cols, inv);
        }
    }

    /** out[c] = exp(x[c] - max) for c in [from, to), or only the sum when out is null; returns the sum. */
    private static float expShiftedScalar(MemorySegment x, long xr, MemorySegment out, long or, long from, long to,
            float max) {
        float sum = 0f;
        for (long c = from; c < to; c++) {
            float e = VectorMath.exp(x.getAtIndex(F32, xr + c) - max);
            if (out != null) {
                out.setAtIndex(F32, or + c, e);
            }
            sum += e;
        }
        return sum;
    }

    private static void scaleScalar(MemorySegment out, long or, long from, long to, float s) {
        for (long c = from; c < to; c++) {
            out.setAtIndex(F32, or + c, out.getAtIndex(F32, or + c) * s);
        }
    }

    /** out row r = x_r - max x_r - log(sum exp(x_r - max x_r)); cols = 0 does nothing. */
    public static void logSoftmax(int rows, int cols, MemorySegment x, long xOff, long ldx, MemorySegment out,
            long outOff, long ldo) {
        Checks.rows(rows, cols, x, xOff, ldx);
        Checks.matrix("out", out, "outOff", outOff, rows, cols, "ldo", ldo);
        for (int r = 0; r < rows && cols > 0; r++) {
            long xr = xOff + r * ldx;
            long or = outOff + r * ldo;
            float max = Reductions.maxRange(x, xr, cols);
            long c = 0;
            float sum = 0f;
            if (!SCALAR) {
                FloatVector vmax = FloatVector.broadcast(S, max);
                FloatVector acc = FloatVector.zero(S);
                for (long bound = S.loopBound((long) cols); c < bound; c += S.length()) {
                    FloatVector v = FloatVector.fromMemorySegment(S, x, (xr + c) * Float.BYTES, ORDER);
                    acc = acc.add(VectorMath.exp(v.sub(vmax)));
                }
                float[] lanes = Kernels.laneBuffer();   // NOTE [deterministic sums]
                acc.intoArray(lanes, 0);
                sum = 0f;
                for (float lane : lanes) {
                    sum += lane;
                }
            }
            sum += expShiftedScalar(x, xr, null, 0, c, cols, max);
            float logSum = VectorMath.log(sum);
            c = 0;
            if (!SCALAR) {
                FloatVector vmax = FloatVector.broadcast(S, max);
                FloatVector vls = FloatVector.broadcast(S, logSum);
                for (long bound = S.loopBound((long) cols); c < bound; c += S.length()) {
                    FloatVector v = FloatVector.fromMemorySegment(S, x, (xr + c) * Float.BYTES, ORDER);
                    v.sub(vmax).sub(vls).intoMemorySegment(out, (or + c) * Float.BYTES, ORDER);
                }
            }
            for (; c < cols; c++) {
                out.setAtIndex(F32, or + c, x.getAtIndex(F32, xr + c) - max - logSum);
            }
        }
    }

    /** out[outOff + r] = sum of row r (0 for cols = 0). */
    public static void rowSum(int rows, int cols, MemorySegment x, long xOff, long ldx, MemorySegment out,
            long outOff) {
        checkPerRow(rows, cols, x, xOff, ldx, out, outOff);
        for (int r = 0; r < rows; r++) {
            out.setAtIndex(F32, outOff + r, Reductions.sumRange(x, xOff + r * ldx, cols));
        }
    }

    /** out[outOff + r] = mean of row r (NaN for cols = 0). */
    public static void rowMean(int rows, int cols, MemorySegment x, long xOff, long ldx, MemorySegment out,
            long outOff) {
        checkPerRow(rows, cols, x, xOff, ldx, out, outOff);
        for (int r = 0; r < rows; r++) {
            out.setAtIndex(F32, outOff + r, Reductions.sumRange(x, xOff + r * ldx, cols) / cols);
        }
    }

    /**
     * out[outOff + r] = max of row r, NaN if the row holds a NaN.
     *
     * @throws IllegalArgumentException for cols = 0 (an empty row has no maximum)
     */
    public static void rowMax(int rows, int cols, MemorySegment x, long xOff, long ldx, MemorySegment out,
            long outOff) {
        checkPerRow(rows, cols, x, xOff, ldx, out, outOff);
        requireCols(cols, "rowMax");
        for (int r = 0; r < rows; r++) {
            out.setAtIndex(F32, outOff + r, Reductions.maxRange(x, xOff + r * ldx, cols));
        }
    }

    /**
     * out[r] = column index of the maximum of row r: the first NaN if the row has one, else the
     * first of equal maxima.
     *
     * @throws IllegalArgumentException for cols = 0 or an {@code out} shorter than rows
     */
    public static void argmaxRows(int rows, int cols, MemorySegment x, long xOff, long ldx, int[] out) {
        Checks.rows(rows, cols, x, xOff, ldx);
        requireCols(cols, "argmaxRows");
        Objects.requireNonNull(out, "out");
        if (out.length < rows) {
            throw new IllegalArgumentException("out has length " + out.length + ", needs rows = " + rows);
        }
        for (int r = 0; r < rows; r++) {
            out[r] = (int) Reductions.argmaxRange(x, xOff + r * ldx, cols);
        }
    }

    private static void checkPerRow(int rows, int cols, MemorySegment x, long xOff, long ldx, MemorySegment out,
            long outOff) {
        Checks.rows(rows, cols, x, xOff, ldx);
        Checks.span("out", out, "outOff", outOff, rows);
    }

    private static void requireCols(int cols, String op) {
        if (cols == 0) {
            throw new IllegalArgumentException("cols must be >= 1 for " + op + ", got 0");
        }
    }
}

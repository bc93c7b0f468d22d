package org.rnn4j.core.autograd;

import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.kernel.GradKernels;
import org.rnn4j.core.kernel.Reductions;
import org.rnn4j.core.kernel.RowOps;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/** Reductions and row-wise softmax on the tape. */
public final class Reduce {
    private Reduce() {
    }

    /** Sum of all elements: a scalar of shape (1,). */
    public static Var sum(Var x) {
        return scaledSum(x, 1f);
    }

    /** Mean of all elements (NaN for an empty x). */
    public static Var mean(Var x) {
        return scaledSum(x, 1f / x.value().size());
    }

    private static Var scaledSum(Var x, float s) {
        Tape tape = x.tape();
        long n = x.value().size();
        Tensor y = tape.alloc(Shape.of(1));
        y.set(0, s * Reductions.sum(n, x.value().data(), 0));
        Var yv = tape.output(y, x);
        tape.record(() -> {
            float g = s * yv.grad().get(0);
            Tensor dx = x.gradForAccumulation();
            Tensor ones = tape.alloc(x.shape());
            Elementwise.fill(n, g, ones.data(), 0);
            Elementwise.add(n, dx.data(), 0, ones.data(), 0, dx.data(), 0);
        }, yv);
        return yv;
    }

    /** Row-wise softmax of x (N, C). */
    public static Var softmax(Var x) {
        Tape tape = x.tape();
        int rows = x.dim(0);
        int cols = x.dim(1);
        Tensor y = tape.alloc(x.shape());
        RowOps.softmax(rows, cols, x.value().data(), 0, cols, y.data(), 0, cols);
        Var yv = tape.output(y, x);
        tape.record(() -> {
            // dx = y * (dy - sum(dy * y)) per row
            var dy = yv.grad().data();
            var dx = x.gradForAccumulation().data();
            Tensor tmp = tape.alloc(Shape.of(cols));
            for (int r = 0; r < rows; r++) {
                long o = (long) r * cols;
                float dot = (float) GradKernels.dot(cols, dy, o, y.data(), o);
                Elementwise.fill(cols, -dot, tmp.data(), 0);
                Elementwise.add(cols, tmp.data(), 0, dy, o, tmp.data(), 0);
                GradKernels.mulAdd(cols, tmp.data(), 0, y.data(), o, dx, o);
            }
        }, yv);
        return yv;
    }

    /** Row-wise log-softmax of x (N, C). */
    public static Var logSoftmax(Var x) {
        Tape tape = x.tape();
        int rows = x.dim(0);
        int cols = x.dim(1);
        Tensor y = tape.alloc(x.shape());
        RowOps.logSoftmax(rows, cols, x.value().data(), 0, cols, y.data(), 0, cols);
        Var yv = tape.output(y, x);
        tape.record(() -> {
            // dx = dy - softmax(x) * sum(dy) per row
            var dy = yv.grad().data();
            var dx = x.gradForAccumulation().data();
            Tensor p = tape.alloc(Shape.of(cols));
            for (int r = 0; r < rows; r++) {
                long o = (long) r * cols;
                float s = Reductions.sum(cols, dy, o);
                org.rnn4j.core.kernel.Activations.exp(cols, y.data(), o, p.data(), 0);
                Elementwise.add(cols, dx, o, dy, o, dx, o);
                Elementwise.axpy(cols, -s, p.data(), 0, dx, o);
            }
        }, yv);
        return yv;
    }
}

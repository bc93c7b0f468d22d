package org.rnn4j.core.autograd;

import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.kernel.Gemm;
import org.rnn4j.core.kernel.GradKernels;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/** Matrix operations on the tape. */
public final class Linalg {
    private Linalg() {
    }

    /** y = x W^T + b: x (N, in), W (out, in), b (out) or null; y (N, out). */
    public static Var linear(Var x, Var w, Var b) {
        if (x.value().rank() != 2 || w.value().rank() != 2 || x.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException("linear: x " + x.shape() + " and weight " + w.shape()
                    + " do not fit (need x (N, in) and weight (out, in))");
        }
        if (b != null && (b.value().rank() != 1 || b.dim(0) != w.dim(0))) {
            throw new IllegalArgumentException("linear: bias " + b.shape() + " does not fit weight " + w.shape());
        }
        Tape tape = x.tape();
        int n = x.dim(0);
        int in = x.dim(1);
        int out = w.dim(0);
        Tensor y = tape.alloc(Shape.of(n, out));
        Gemm.sgemm(false, true, n, out, in, 1f, x.value().data(), 0, in, w.value().data(), 0, in, 0f, y.data(), 0, out);
        if (b != null) {
            Elementwise.biasAdd(n, out, b.value().data(), 0, y.data(), 0, out);
        }
        Var yv = tape.output(y, x, w, b);
        tape.record(() -> {
            var dy = yv.grad().data();
            if (x.requiresGrad()) {
                Gemm.sgemm(false, false, n, in, out, 1f, dy, 0, out, w.value().data(), 0, in, 1f,
                        x.gradForAccumulation().data(), 0, in);
            }
            if (w.requiresGrad()) {
                Gemm.sgemm(true, false, out, in, n, 1f, dy, 0, out, x.value().data(), 0, in, 1f,
                        w.gradForAccumulation().data(), 0, in);
            }
            if (b != null && b.requiresGrad()) {
                GradKernels.columnSumAdd(n, out, dy, 0, out, b.gradForAccumulation().data(), 0);
            }
        }, yv);
        return yv;
    }

    /** c = op(a) op(b) for 2-D Vars (transposes as flags, never copies). */
    public static Var matmul(Var a, boolean transA, Var b, boolean transB) {
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (a.value().rank() != 2 || b.value().rank() != 2 || k != kb) {
            throw new IllegalArgumentException("matmul shape mismatch: a " + a.shape() + (transA ? "^T" : "") + ", b "
                    + b.shape() + (transB ? "^T" : ""));
        }
        Tape tape = a.tape();
        int lda = a.dim(1);
        int ldb = b.dim(1);
        Tensor c = tape.alloc(Shape.of(m, n));
        Gemm.sgemm(transA, transB, m, n, k, 1f, a.value().data(), 0, lda, b.value().data(), 0, ldb, 0f, c.data(), 0, n);
        Var cv = tape.output(c, a, b);
        tape.record(() -> {
            var dc = cv.grad().data();
            if (a.requiresGrad()) {
                // dA = dC op(B)^T (or its transpose when A was transposed)
                if (!transA) {
                    Gemm.sgemm(false, !transB, m, k, n, 1f, dc, 0, n, b.value().data(), 0, ldb, 1f,
                            a.gradForAccumulation().data(), 0, lda);
                } else {
                    Gemm.sgemm(transB, true, k, m, n, 1f, b.value().data(), 0, ldb, dc, 0, n, 1f,
                            a.gradForAccumulation().data(), 0, lda);
                }
            }
            if (b.requiresGrad()) {
                // dB = op(A)^T dC (or its transpose when B was transposed)
                if (!transB) {
                    Gemm.sgemm(!transA, false, k, n, m, 1f, a.value().data(), 0, lda, dc, 0, n, 1f,
                            b.gradForAccumulation().data(), 0, ldb);
                } else {
                    Gemm.sgemm(true, transA, n, k, m, 1f, dc, 0, n, a.value().data(), 0, lda, 1f,
                            b.gradForAccumulation().data(), 0, ldb);
                }
            }
        }, cv);
        return cv;
    }
}

package org.rnn4j.core.autograd;

import org.rnn4j.core.kernel.Activations;
import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.kernel.GradKernels;
import org.rnn4j.core.tensor.Tensor;

/** Element-wise operations on the tape (same shapes; no broadcasting but {@link #addBias}). */
public final class Pointwise {
    private Pointwise() {
    }

    private static void sameShape(String op, Var a, Var b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": shape mismatch " + a.shape() + " vs " + b.shape());
        }
    }

    public static Var add(Var a, Var b) {
        sameShape("add", a, b);
        Tape tape = a.tape();
        long n = a.value().size();
        Tensor y = tape.alloc(a.shape());
        Elementwise.add(n, a.value().data(), 0, b.value().data(), 0, y.data(), 0);
        Var yv = tape.output(y, a, b);
        tape.record(() -> {
            var dy = yv.grad().data();
            if (a.requiresGrad()) {
                Elementwise.add(n, a.gradForAccumulation().data(), 0, dy, 0, a.grad().data(), 0);
            }
            if (b.requiresGrad()) {
                Elementwise.add(n, b.gradForAccumulation().data(), 0, dy, 0, b.grad().data(), 0);
            }
        }, yv);
        return yv;
    }

    public static Var sub(Var a, Var b) {
        sameShape("sub", a, b);
        Tape tape = a.tape();
        long n = a.value().size();
        Tensor y = tape.alloc(a.shape());
        Elementwise.sub(n, a.value().data(), 0, b.value().data(), 0, y.data(), 0);
        Var yv = tape.output(y, a, b);
        tape.record(() -> {
            var dy = yv.grad().data();
            if (a.requiresGrad()) {
                Elementwise.add(n, a.gradForAccumulation().data(), 0, dy, 0, a.grad().data(), 0);
            }
            if (b.requiresGrad()) {
                Elementwise.sub(n, b.gradForAccumulation().data(), 0, dy, 0, b.grad().data(), 0);
            }
        }, yv);
        return yv;
    }

    public static Var mul(Var a, Var b) {
        sameShape("mul", a, b);
        Tape tape = a.tape();
        long n = a.value().size();
        Tensor y = tape.alloc(a.shape());
        Elementwise.mul(n, a.value().data(), 0, b.value().data(), 0, y.data(), 0);
        Var yv = tape.output(y, a, b);
        tape.record(() -> {
            var dy = yv.grad().data();
            if (a.requiresGrad()) {
                GradKernels.mulAdd(n, dy, 0, b.value().data(), 0, a.gradForAccumulation().data(), 0);
            }
            if (b.requiresGrad()) {
                GradKernels.mulAdd(n, dy, 0, a.value().data(), 0, b.gradForAccumulation().data(), 0);
            }
        }, yv);
        return yv;
    }

    public static Var scale(Var a, float s) {
        Tape tape = a.tape();
        long n = a.value().size();
        Tensor y = tape.alloc(a.shape());
        Elementwise.scale(n, s, a.value().data(), 0, y.data(), 0);
        Var yv = tape.output(y, a);
        tape.record(() -> Elementwise.axpy(n, s, yv.grad().data(), 0, a.gradForAccumulation().data(), 0), yv);
        return yv;
    }

    /** y[r, c] = x[r, c] + b[c]: x (N, C), b (C). */
    public static Var addBias(Var x, Var b) {
        if (x.value().rank() != 2 || b.value().rank() != 1 || b.dim(0) != x.dim(1)) {
            throw new IllegalArgumentException("addBias: x " + x.shape() + " and bias " + b.shape() + " do not fit");
        }
        Tape tape = x.tape();
        int rows = x.dim(0);
        int cols = x.dim(1);
        Tensor y = tape.alloc(x.shape());
        y.copyFrom(x.value());
        Elementwise.biasAdd(rows, cols, b.value().data(), 0, y.data(), 0, cols);
        Var yv = tape.output(y, x, b);
        tape.record(() -> {
            var dy = yv.grad().data();
            if (x.requiresGrad()) {
                Elementwise.add((long) rows * cols, x.gradForAccumulation().data(), 0, dy, 0, x.grad().data(), 0);
            }
            if (b.requiresGrad()) {
                GradKernels.columnSumAdd(rows, cols, dy, 0, cols, b.gradForAccumulation().data(), 0);
            }
        }, yv);
        return yv;
    }

    public static Var tanh(Var x) {
        Tape tape = x.tape();
        long n = x.value().size();
        Tensor y = tape.alloc(x.shape());
        Activations.tanh(n, x.value().data(), 0, y.data(), 0);
        Var yv = tape.output(y, x);
        tape.record(() -> GradKernels.tanhBackward(n, y.data(), 0, yv.grad().data(), 0,
                x.gradForAccumulation().data(), 0), yv);
        return yv;
    }

    public static Var sigmoid(Var x) {
        Tape tape = x.tape();
        long n = x.value().size();
        Tensor y = tape.alloc(x.shape());
        Activations.sigmoid(n, x.value().data(), 0, y.data(), 0);
        Var yv = tape.output(y, x);
        tape.record(() -> GradKernels.sigmoidBackward(n, y.data(), 0, yv.grad().data(), 0,
                x.gradForAccumulation().data(), 0), yv);
        return yv;
    }

    public static Var relu(Var x) {
        Tape tape = x.tape();
        long n = x.value().size();
        Tensor y = tape.alloc(x.shape());
        Activations.relu(n, x.value().data(), 0, y.data(), 0);
        Var yv = tape.output(y, x);
        tape.record(() -> GradKernels.reluBackward(n, y.data(), 0, yv.grad().data(), 0,
                x.gradForAccumulation().data(), 0), yv);
        return yv;
    }
}

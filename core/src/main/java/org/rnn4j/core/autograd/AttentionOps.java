package org.rnn4j.core.autograd;

import java.lang.foreign.MemorySegment;
import org.rnn4j.core.kernel.Activations;
import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.kernel.GradKernels;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * The pieces of attention over a batch of source sequences. Sources are stored batch-major as
 * rows: keys/values (B * S, H), row b * S + s for source position s of sequence b; lengths[b]
 * says how many positions are real. Masked positions get weight exactly 0.
 */
public final class AttentionOps {
    private AttentionOps() {
    }

    /** scores[b, s] = q[b] . k[b, s] (Luong dot; for "general", pass q W as q). q (B, H), keys (B*S, H). */
    public static Var dotScores(Var q, Var keys, int srcLen) {
        int b = q.dim(0);
        int h = q.dim(1);
        if (keys.dim(0) != b * srcLen || keys.dim(1) != h) {
            throw new IllegalArgumentException("dotScores: query " + q.shape() + " and keys " + keys.shape()
                    + " do not fit source length " + srcLen);
        }
        Tape tape = q.tape();
        Tensor y = tape.alloc(Shape.of(b, srcLen));
        MemorySegment qs = q.value().data();
        MemorySegment ks = keys.value().data();
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < srcLen; s++) {
                y.set((long) i * srcLen + s, (float) GradKernels.dot(h, qs, (long) i * h, ks, ((long) i * srcLen + s) * h));
            }
        }
        Var yv = tape.output(y, q, keys);
        tape.record(() -> {
            Tensor dy = yv.grad();
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < srcLen; s++) {
                    float g = dy.get((long) i * srcLen + s);
                    if (g == 0f) {
                        continue;
                    }
                    long kRow = ((long) i * srcLen + s) * h;
                    if (q.requiresGrad()) {
                        Elementwise.axpy(h, g, ks, kRow, q.gradForAccumulation().data(), (long) i * h);
                    }
                    if (keys.requiresGrad()) {
                        Elementwise.axpy(h, g, qs, (long) i * h, keys.gradForAccumulation().data(), kRow);
                    }
                }
            }
        }, yv);
        return yv;
    }

    /**
     * Bahdanau scores: scores[b, s] = v . tanh(qp[b] + kp[b, s]), with qp (B, A) the projected
     * query and kp (B*S, A) the projected keys (computed once per source batch).
     */
    public static Var additiveScores(Var qp, Var kp, Var v, int srcLen) {
        int b = qp.dim(0);
        int a = qp.dim(1);
        if (kp.dim(0) != b * srcLen || kp.dim(1) != a || v.value().size() != a) {
            throw new IllegalArgumentException("additiveScores: query " + qp.shape() + ", keys " + kp.shape() + ", v "
                    + v.shape() + " do not fit source length " + srcLen);
        }
        Tape tape = qp.tape();
        Tensor e = tape.alloc(Shape.of(b * srcLen, a));
        Tensor y = tape.alloc(Shape.of(b, srcLen));
        MemorySegment es = e.data();
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < srcLen; s++) {
                long row = ((long) i * srcLen + s) * a;
                Elementwise.add(a, qp.value().data(), (long) i * a, kp.value().data(), row, es, row);
                Activations.tanh(a, es, row, es, row);
                y.set((long) i * srcLen + s, (float) GradKernels.dot(a, es, row, v.value().data(), 0));
            }
        }
        Var yv = tape.output(y, qp, kp, v);
        tape.record(() -> {
            Tensor dy = yv.grad();
            Tensor de = tape.alloc(Shape.of(a));
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < srcLen; s++) {
                    float g = dy.get((long) i * srcLen + s);
                    if (g == 0f) {
                        continue;
                    }
                    long row = ((long) i * srcLen + s) * a;
                    if (v.requiresGrad()) {
                        Elementwise.axpy(a, g, es, row, v.gradForAccumulation().data(), 0);
                    }
                    // de = g * v * (1 - e^2)
                    de.fill(0f);
                    Elementwise.scale(a, g, v.value().data(), 0, de.data(), 0);
                    Tensor dpre = tape.alloc(Shape.of(a));
                    dpre.fill(0f);
                    GradKernels.tanhBackward(a, es, row, de.data(), 0, dpre.data(), 0);
                    if (qp.requiresGrad()) {
                        Elementwise.add(a, qp.gradForAccumulation().data(), (long) i * a, dpre.data(), 0,
                                qp.grad().data(), (long) i * a);
                    }
                    if (kp.requiresGrad()) {
                        Elementwise.add(a, kp.gradForAccumulation().data(), row, dpre.data(), 0, kp.grad().data(), row);
                    }
                }
            }
        }, yv);
        return yv;
    }

    /** Softmax of scores (B, S) over the first lengths[b] positions of each row; 0 beyond. */
    public static Var maskedSoftmax(Var scores, int[] lengths) {
        int b = scores.dim(0);
        int srcLen = scores.dim(1);
        if (lengths.length != b) {
            throw new IllegalArgumentException("maskedSoftmax: " + lengths.length + " lengths for scores " + scores.shape());
        }
        Tape tape = scores.tape();
        Tensor y = tape.zeros(scores.shape());
        MemorySegment xs = scores.value().data();
        for (int i = 0; i < b; i++) {
            int len = lengths[i];
            if (len < 1 || len > srcLen) {
                throw new IllegalArgumentException("source length " + len + " of sequence " + i + " is outside [1, "
                        + srcLen + "]");
            }
            org.rnn4j.core.kernel.RowOps.softmax(1, len, xs, (long) i * srcLen, len, y.data(), (long) i * srcLen, len);
        }
        int[] len = lengths.clone();
        Var yv = tape.output(y, scores);
        tape.record(() -> {
            MemorySegment dy = yv.grad().data();
            MemorySegment dx = scores.gradForAccumulation().data();
            for (int i = 0; i < b; i++) {
                long o = (long) i * srcLen;
                double dot = GradKernels.dot(len[i], dy, o, y.data(), o);
                for (int s = 0; s < len[i]; s++) {
                    float yi = y.data().getAtIndex(Kernels.F32, o + s);
                    float g = dy.getAtIndex(Kernels.F32, o + s);
                    dx.setAtIndex(Kernels.F32, o + s, dx.getAtIndex(Kernels.F32, o + s) + (float) (yi * (g - dot)));
                }
            }
        }, yv);
        return yv;
    }

    /** context[b] = sum_s w[b, s] values[b, s]: w (B, S), values (B*S, H) → (B, H). */
    public static Var weightedSum(Var w, Var values, int srcLen) {
        int b = w.dim(0);
        int h = values.dim(1);
        if (w.dim(1) != srcLen || values.dim(0) != b * srcLen) {
            throw new IllegalArgumentException("weightedSum: weights " + w.shape() + " and values " + values.shape()
                    + " do not fit source length " + srcLen);
        }
        Tape tape = w.tape();
        Tensor y = tape.zeros(Shape.of(b, h));
        MemorySegment vs = values.value().data();
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < srcLen; s++) {
                float wi = w.value().get((long) i * srcLen + s);
                if (wi != 0f) {
                    Elementwise.axpy(h, wi, vs, ((long) i * srcLen + s) * h, y.data(), (long) i * h);
                }
            }
        }
        Var yv = tape.output(y, w, values);
        tape.record(() -> {
            MemorySegment dy = yv.grad().data();
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < srcLen; s++) {
                    long row = ((long) i * srcLen + s) * h;
                    if (w.requiresGrad()) {
                        Tensor dw = w.gradForAccumulation();
                        long k = (long) i * srcLen + s;
                        dw.set(k, dw.get(k) + (float) GradKernels.dot(h, dy, (long) i * h, vs, row));
                    }
                    if (values.requiresGrad()) {
                        float wi = w.value().get((long) i * srcLen + s);
                        if (wi != 0f) {
                            Elementwise.axpy(h, wi, dy, (long) i * h, values.gradForAccumulation().data(), row);
                        }
                    }
                }
            }
        }, yv);
        return yv;
    }
}

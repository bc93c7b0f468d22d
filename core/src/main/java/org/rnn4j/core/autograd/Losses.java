package org.rnn4j.core.autograd;

import java.lang.foreign.MemorySegment;
import org.rnn4j.core.kernel.Activations;
import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.kernel.RowOps;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * Losses, each returning a scalar Var (shape (1,)). Padding never counts: positions whose target
 * is the ignore index, or whose weight is 0, contribute nothing, and a mean divides by the total
 * weight of the positions that count (PyTorch's convention).
 */
public final class Losses {
    private Losses() {
    }

    public enum Reduction { MEAN, SUM }

    /** A target value meaning "no target here" (PyTorch's default ignore_index). */
    public static final int IGNORE = -100;

    /**
     * Cross-entropy from logits (N, C) and class targets. {@code weights} (length N, or null for
     * all 1) scales each position, e.g. a padding mask; {@code labelSmoothing} in [0, 1) mixes the
     * one-hot target with the uniform distribution, as PyTorch does.
     */
    public static Var crossEntropy(Var logits, int[] targets, int ignoreIndex, float[] weights, float labelSmoothing,
                                   Reduction reduction) {
        if (logits.value().rank() != 2) {
            throw new IllegalArgumentException("cross-entropy needs logits (N, classes), got " + logits.shape());
        }
        int n = logits.dim(0);
        int c = logits.dim(1);
        if (targets.length != n) {
            throw new IllegalArgumentException("cross-entropy: " + targets.length + " targets for logits " + logits.shape());
        }
        if (weights != null && weights.length != n) {
            throw new IllegalArgumentException("cross-entropy: " + weights.length + " weights for logits " + logits.shape());
        }
        if (!(labelSmoothing >= 0f && labelSmoothing < 1f)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        Tape tape = logits.tape();
        Tensor lsm = tape.alloc(logits.shape());
        RowOps.logSoftmax(n, c, logits.value().data(), 0, c, lsm.data(), 0, c);
        MemorySegment l = lsm.data();
        float[] w = new float[n];
        double total = 0;
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            int t = targets[i];
            float wi = weights == null ? 1f : weights[i];
            if (t == ignoreIndex || wi == 0f) {
                continue;
            }
            if (t < 0 || t >= c) {
                throw new IllegalArgumentException("target " + t + " at position " + i + " is outside [0, " + c + ")"
                        + " (and is not the ignore index " + ignoreIndex + ")");
            }
            w[i] = wi;
            weightSum += wi;
            double rowLoss = -(1 - labelSmoothing) * l.getAtIndex(Kernels.F32, (long) i * c + t);
            if (labelSmoothing > 0f) {
                double s = 0;
                for (int j = 0; j < c; j++) {
                    s += l.getAtIndex(Kernels.F32, (long) i * c + j);
                }
                rowLoss -= labelSmoothing * s / c;
            }
            total += wi * rowLoss;
        }
        double denom = reduction == Reduction.MEAN ? weightSum : 1.0;
        Tensor y = tape.alloc(Shape.of(1));
        y.set(0, (float) (denom == 0 ? (reduction == Reduction.MEAN ? Double.NaN : 0) : total / denom));
        Var yv = tape.output(y, logits);
        tape.record(() -> {
            if (denom == 0) {
                return;
            }
            float g = yv.grad().get(0);
            MemorySegment dx = logits.gradForAccumulation().data();
            Tensor p = tape.alloc(Shape.of(c));
            for (int i = 0; i < n; i++) {
                if (w[i] == 0f) {
                    continue;
                }
                float scale = (float) (g * w[i] / denom);
                long o = (long) i * c;
                // d/dlogits = (softmax - q) * scale, q = (1 - eps) onehot + eps / C
                Activations.exp(c, l, o, p.data(), 0);
                if (labelSmoothing > 0f) {
                    for (int j = 0; j < c; j++) {
                        p.set(j, p.get(j) - labelSmoothing / c);
                    }
                }
                p.set(targets[i], p.get(targets[i]) - (1 - labelSmoothing));
                Elementwise.axpy(c, scale, p.data(), 0, dx, o);
            }
        }, yv);
        return yv;
    }

    /** Cross-entropy with PyTorch's defaults: mean, ignore index -100, no smoothing, no weights. */
    public static Var crossEntropy(Var logits, int[] targets) {
        return crossEntropy(logits, targets, IGNORE, null, 0f, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy from logits x and targets t in [0, 1] (same size):
     * max(x, 0) - x t + log(1 + exp(-|x|)), numerically stable.
     */
    public static Var binaryCrossEntropyWithLogits(Var x, float[] targets, Reduction reduction) {
        long n = x.value().size();
        if (targets.length != n) {
            throw new IllegalArgumentException("binary cross-entropy: " + targets.length + " targets for " + x.shape());
        }
        Tape tape = x.tape();
        MemorySegment xs = x.value().data();
        double total = 0;
        for (int i = 0; i < n; i++) {
            double v = xs.getAtIndex(Kernels.F32, i);
            total += Math.max(v, 0) - v * targets[i] + Math.log1p(Math.exp(-Math.abs(v)));
        }
        double denom = reduction == Reduction.MEAN ? n : 1;
        Tensor y = tape.alloc(Shape.of(1));
        y.set(0, (float) (total / denom));
        Var yv = tape.output(y, x);
        float[] t = targets.clone();
        tape.record(() -> {
            float g = (float) (yv.grad().get(0) / denom);
            MemorySegment dx = x.gradForAccumulation().data();
            for (int i = 0; i < n; i++) {
                double v = xs.getAtIndex(Kernels.F32, i);
                double sig = 1 / (1 + Math.exp(-v));
                dx.setAtIndex(Kernels.F32, i, dx.getAtIndex(Kernels.F32, i) + (float) (g * (sig - t[i])));
            }
        }, yv);
        return yv;
    }

    /** Mean (or sum) of squared differences between x and a constant target of the same shape. */
    public static Var mse(Var x, Tensor target, Reduction reduction) {
        if (!x.shape().equals(target.shape())) {
            throw new IllegalArgumentException("mse: prediction " + x.shape() + " and target " + target.shape() + " differ");
        }
        Tape tape = x.tape();
        long n = x.value().size();
        Tensor diff = tape.alloc(x.shape());
        Elementwise.sub(n, x.value().data(), 0, target.data(), 0, diff.data(), 0);
        double total = 0;
        MemorySegment d = diff.data();
        for (long i = 0; i < n; i++) {
            double v = d.getAtIndex(Kernels.F32, i);
            total += v * v;
        }
        double denom = reduction == Reduction.MEAN ? n : 1;
        Tensor y = tape.alloc(Shape.of(1));
        y.set(0, (float) (total / denom));
        Var yv = tape.output(y, x);
        tape.record(() -> Elementwise.axpy(n, (float) (2 * yv.grad().get(0) / denom), d, 0,
                x.gradForAccumulation().data(), 0), yv);
        return yv;
    }
}

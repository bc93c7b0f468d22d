package org.rnn4j.core.autograd;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/** Embedding lookup, dropout and layer normalisation on the tape. */
public final class NnOps {
    private NnOps() {
    }

    /**
     * Rows {@code ids} of the embedding table (V, E): y (ids.length, E). The row of
     * {@code paddingIdx} (or -1 for none) receives no gradient, as in PyTorch.
     */
    public static Var embedding(Var table, int[] ids, int paddingIdx) {
        int v = table.dim(0);
        int e = table.dim(1);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= v) {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i
                        + " is outside the vocabulary of " + v);
            }
        }
        Tape tape = table.tape();
        Tensor y = tape.alloc(Shape.of(ids.length, e));
        MemorySegment src = table.value().data();
        MemorySegment dst = y.data();
        for (int i = 0; i < ids.length; i++) {
            MemorySegment.copy(src, (long) ids[i] * e * 4, dst, (long) i * e * 4, (long) e * 4);
        }
        int[] index = ids.clone();
        Var yv = tape.output(y, table);
        tape.record(() -> {
            MemorySegment dy = yv.grad().data();
            MemorySegment dw = table.gradForAccumulation().data();
            for (int i = 0; i < index.length; i++) {
                if (index[i] != paddingIdx) {
                    Elementwise.add(e, dw, (long) index[i] * e, dy, (long) i * e, dw, (long) index[i] * e);
                }
            }
        }, yv);
        return yv;
    }

    /**
     * Inverted dropout: each element kept with probability 1 - p and scaled by 1 / (1 - p);
     * identity when not training or p = 0. The mask comes from {@code rng} (seeded by the caller).
     */
    public static Var dropout(Var x, float p, boolean training, SplittableRandom rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (!training || p == 0f) {
            return x;
        }
        Tape tape = x.tape();
        long n = x.value().size();
        Tensor mask = tape.alloc(x.shape());
        float keep = 1f - p;
        float scale = 1f / keep;
        MemorySegment m = mask.data();
        for (long i = 0; i < n; i++) {
            m.setAtIndex(Kernels.F32, i, rng.nextFloat() < keep ? scale : 0f);
        }
        Tensor y = tape.alloc(x.shape());
        Elementwise.mul(n, x.value().data(), 0, m, 0, y.data(), 0);
        Var yv = tape.output(y, x);
        tape.record(() -> org.rnn4j.core.kernel.GradKernels.mulAdd(n, yv.grad().data(), 0, m, 0,
                x.gradForAccumulation().data(), 0), yv);
        return yv;
    }

    /**
     * Layer normalisation over the last dimension of x (N, C): (x - mean) / sqrt(var + eps) * gamma
     * + beta, with the biased variance (as PyTorch). gamma and beta (C) may be null.
     */
    public static Var layerNorm(Var x, Var gamma, Var beta, float eps) {
        int n = x.dim(0);
        int c = x.dim(1);
        if (gamma != null && !gamma.shape().equals(Shape.of(c)) || beta != null && !beta.shape().equals(Shape.of(c))) {
            throw new IllegalArgumentException("layerNorm: x " + x.shape() + " needs gamma and beta of shape (" + c + ",)");
        }
        Tape tape = x.tape();
        Tensor y = tape.alloc(x.shape());
        Tensor xhat = tape.alloc(x.shape());
        float[] rstd = new float[n];
        MemorySegment xs = x.value().data();
        MemorySegment xh = xhat.data();
        MemorySegment ys = y.data();
        for (int r = 0; r < n; r++) {
            long o = (long) r * c;
            double mean = 0;
            for (int j = 0; j < c; j++) {
                mean += xs.getAtIndex(Kernels.F32, o + j);
            }
            mean /= c;
            double var = 0;
            for (int j = 0; j < c; j++) {
                double d = xs.getAtIndex(Kernels.F32, o + j) - mean;
                var += d * d;
            }
            var /= c;
            rstd[r] = (float) (1 / Math.sqrt(var + eps));
            for (int j = 0; j < c; j++) {
                float h = (float) ((xs.getAtIndex(Kernels.F32, o + j) - mean) * rstd[r]);
                xh.setAtIndex(Kernels.F32, o + j, h);
                float g = gamma == null ? 1f : gamma.value().get(j);
                float b = beta == null ? 0f : beta.value().get(j);
                ys.setAtIndex(Kernels.F32, o + j, h * g + b);
            }
        }
        Var yv = tape.output(y, x, gamma, beta);
        tape.record(() -> {
            MemorySegment dy = yv.grad().data();
            for (int r = 0; r < n; r++) {
                long o = (long) r * c;
                double sumDg = 0;
                double sumDgXh = 0;
                for (int j = 0; j < c; j++) {
                    double g = gamma == null ? 1 : gamma.value().get(j);
                    double dxh = dy.getAtIndex(Kernels.F32, o + j) * g;
                    sumDg += dxh;
                    sumDgXh += dxh * xh.getAtIndex(Kernels.F32, o + j);
                }
                if (x.requiresGrad()) {
                    MemorySegment dx = x.gradForAccumulation().data();
                    for (int j = 0; j < c; j++) {
                        double g = gamma == null ? 1 : gamma.value().get(j);
                        double dxh = dy.getAtIndex(Kernels.F32, o + j) * g;
                        double v = rstd[r] * (dxh - sumDg / c - xh.getAtIndex(Kernels.F32, o + j) * sumDgXh / c);
                        dx.setAtIndex(Kernels.F32, o + j, dx.getAtIndex(Kernels.F32, o + j) + (float) v);
                    }
                }
                for (int j = 0; j < c; j++) {
                    float d = dy.getAtIndex(Kernels.F32, o + j);
                    if (gamma != null && gamma.requiresGrad()) {
                        Tensor dg = gamma.gradForAccumulation();
                        dg.set(j, dg.get(j) + d * xh.getAtIndex(Kernels.F32, o + j));
                    }
                    if (beta != null && beta.requiresGrad()) {
                        Tensor db = beta.gradForAccumulation();
                        db.set(j, db.get(j) + d);
                    }
                }
            }
        }, yv);
        return yv;
    }
}

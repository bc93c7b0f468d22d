package org.rnn4j.core.optim;

import static org.rnn4j.core.kernel.Kernels.F32;
import static org.rnn4j.core.kernel.Kernels.ORDER;
import static org.rnn4j.core.kernel.Kernels.S;
import static org.rnn4j.core.kernel.Kernels.SCALAR;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optimizer update loops: one pass over a parameter's flat float32 memory, its gradient and
 * its state, all starting at float 0 and holding at least {@code n} floats. Each loop has the
 * shape every rnn4j kernel has: a vector body up to {@code S.loopBound(n)} and a scalar tail
 * that runs the same scalar code the forced-scalar path ({@code -Drnn4j.kernels=scalar}) runs
 * over the whole range.
 *
 * <p>The vector body and the scalar code perform the same float operations in the same order
 * (the same fused multiply-adds, correctly rounded sqrt and division), so an element's result
 * does not depend on whether it fell in the body or the tail, nor on the vector width. Gradients
 * are only read. Vector code stays inside the loop methods (see NOTE [no vector arguments] in
 * {@code CellKernels}).
 *
 * <p>The formulas are PyTorch's single-tensor ones (torch.optim, 1.13); the optimizer classes
 * derive the per-step scalars (bias corrections, step size) in double and pass them rounded to
 * float, as PyTorch passes its Python floats to float32 kernels.
 */
public final class OptimKernels {
    /** Doubles in the same vector shape as {@link org.rnn4j.core.kernel.Kernels#S}: half as many lanes. */
    private static final VectorSpecies<Double> D = S.withLanes(double.class);

    private OptimKernels() {
    }

    /**
     * SGD without momentum: {@code g' = g + weightDecay * p} (only when weightDecay != 0), then
     * {@code p = p - lr * g'}.
     */
    public static void sgd(long n, MemorySegment p, MemorySegment g, float lr, float weightDecay) {
        check(n, "p", p);
        check(n, "g", g);
        boolean wd = weightDecay != 0f;
        float negLr = -lr;
        long i = 0;
        if (!SCALAR) {
            FloatVector cWd = FloatVector.broadcast(S, weightDecay);
            FloatVector cNegLr = FloatVector.broadcast(S, negLr);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                long b = i * Float.BYTES;
                FloatVector vp = FloatVector.fromMemorySegment(S, p, b, ORDER);
                FloatVector vg = FloatVector.fromMemorySegment(S, g, b, ORDER);
                if (wd) {
                    vg = vp.fma(cWd, vg);
                }
                vg.fma(cNegLr, vp).intoMemorySegment(p, b, ORDER);
            }
        }
        sgdScalar(i, n, p, g, negLr, wd, weightDecay);
    }

    private static void sgdScalar(long from, long to, MemorySegment p, MemorySegment g, float negLr, boolean wd,
            float weightDecay) {
        for (long i = from; i < to; i++) {
            float vp = p.getAtIndex(F32, i);
            float vg = g.getAtIndex(F32, i);
            if (wd) {
                vg = Math.fma(vp, weightDecay, vg);
            }
            p.setAtIndex(F32, i, Math.fma(vg, negLr, vp));
        }
    }

    /**
     * SGD with momentum: {@code g' = g + weightDecay * p} (when weightDecay != 0);
     * {@code buf = g'} on the first step, else {@code buf = momentum * buf + (1 - dampening) * g'};
     * {@code d = g' + momentum * buf} if nesterov, else {@code d = buf}; {@code p = p - lr * d}.
     */
    public static void sgdMomentum(long n, MemorySegment p, MemorySegment g, MemorySegment buf, float lr,
            float weightDecay, float momentum, float dampening, boolean nesterov, boolean firstStep) {
        check(n, "p", p);
        check(n, "g", g);
        check(n, "buf", buf);
        boolean wd = weightDecay != 0f;
        float negLr = -lr;
        float oneMinusDampening = (float) (1.0 - dampening);
        long i = 0;
        if (!SCALAR) {
            FloatVector cWd = FloatVector.broadcast(S, weightDecay);
            FloatVector cNegLr = FloatVector.broadcast(S, negLr);
            FloatVector cMom = FloatVector.broadcast(S, momentum);
            FloatVector cOmd = FloatVector.broadcast(S, oneMinusDampening);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                long b = i * Float.BYTES;
                FloatVector vp = FloatVector.fromMemorySegment(S, p, b, ORDER);
                FloatVector vg = FloatVector.fromMemorySegment(S, g, b, ORDER);
                if (wd) {
                    vg = vp.fma(cWd, vg);
                }
                FloatVector vb = vg;
                if (!firstStep) {
                    vb = vg.fma(cOmd, FloatVector.fromMemorySegment(S, buf, b, ORDER).mul(cMom));
                }
                vb.intoMemorySegment(buf, b, ORDER);
                FloatVector d = nesterov ? vb.fma(cMom, vg) : vb;
                d.fma(cNegLr, vp).intoMemorySegment(p, b, ORDER);
            }
        }
        sgdMomentumScalar(i, n, p, g, buf, negLr, wd, weightDecay, momentum, oneMinusDampening, nesterov, firstStep);
    }

    private static void sgdMomentumScalar(long from, long to, MemorySegment p, MemorySegment g, MemorySegment buf,
            float negLr, boolean wd, float weightDecay, float momentum, float oneMinusDampening, boolean nesterov,
            boolean firstStep) {
        for (long i = from; i < to; i++) {
            float vp = p.getAtIndex(F32, i);
            float vg = g.getAtIndex(F32, i);
            if (wd) {
                vg = Math.fma(vp, weightDecay, vg);
            }
            float vb = firstStep ? vg : Math.fma(vg, oneMinusDampening, buf.getAtIndex(F32, i) * momentum);
            buf.setAtIndex(F32, i, vb);
            float d = nesterov ? Math.fma(vb, momentum, vg) : vb;
            p.setAtIndex(F32, i, Math.fma(d, negLr, vp));
        }
    }

    /**
     * Adam and AdamW: {@code p = p * decay} (AdamW's decoupled decay {@code 1 - lr * weightDecay};
     * pass 1 for Adam), {@code g' = g + l2 * p} (Adam's L2 term, only when l2 != 0; pass 0 for
     * AdamW), {@code m = beta1 * m + (1 - beta1) * g'}, {@code v = beta2 * v + (1 - beta2) * g'^2},
     * {@code p = p - stepSize * m / (sqrt(v) / bc2Sqrt + eps)}, where the caller passes
     * {@code stepSize = lr / (1 - beta1^t)} and {@code bc2Sqrt = sqrt(1 - beta2^t)}.
     */
    public static void adam(long n, MemorySegment p, MemorySegment g, MemorySegment m, MemorySegment v, float beta1,
            float beta2, float eps, float l2, float decay, float stepSize, float bc2Sqrt) {
        check(n, "p", p);
        check(n, "g", g);
        check(n, "m", m);
        check(n, "v", v);
        boolean wd = l2 != 0f;
        boolean dec = decay != 1f;
        float omb1 = (float) (1.0 - beta1);
        float omb2 = (float) (1.0 - beta2);
        float negStep = -stepSize;
        long i = 0;
        if (!SCALAR) {
            FloatVector cL2 = FloatVector.broadcast(S, l2);
            FloatVector cOmb1 = FloatVector.broadcast(S, omb1);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                long b = i * Float.BYTES;
                FloatVector vp = FloatVector.fromMemorySegment(S, p, b, ORDER);
                FloatVector vg = FloatVector.fromMemorySegment(S, g, b, ORDER);
                if (dec) {
                    vp = vp.mul(decay);
                }
                if (wd) {
                    vg = vp.fma(cL2, vg);
                }
                FloatVector vm = vg.fma(cOmb1, FloatVector.fromMemorySegment(S, m, b, ORDER).mul(beta1));
                FloatVector vv = vg.mul(omb2).fma(vg, FloatVector.fromMemorySegment(S, v, b, ORDER).mul(beta2));
                vm.intoMemorySegment(m, b, ORDER);
                vv.intoMemorySegment(v, b, ORDER);
                FloatVector denom = vv.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
                vp.add(vm.mul(negStep).div(denom)).intoMemorySegment(p, b, ORDER);
            }
        }
        adamScalar(i, n, p, g, m, v, beta1, omb1, beta2, omb2, eps, wd, l2, dec, decay, negStep, bc2Sqrt);
    }

    private static void adamScalar(long from, long to, MemorySegment p, MemorySegment g, MemorySegment m,
            MemorySegment v, float beta1, float omb1, float beta2, float omb2, float eps, boolean wd, float l2,
            boolean dec, float decay, float negStep, float bc2Sqrt) {
        for (long i = from; i < to; i++) {
            float vp = p.getAtIndex(F32, i);
            float vg = g.getAtIndex(F32, i);
            if (dec) {
                vp = vp * decay;
            }
            if (wd) {
                vg = Math.fma(vp, l2, vg);
            }
            float vm = Math.fma(vg, omb1, m.getAtIndex(F32, i) * beta1);
            float vv = Math.fma(vg * omb2, vg, v.getAtIndex(F32, i) * beta2);
            m.setAtIndex(F32, i, vm);
            v.setAtIndex(F32, i, vv);
            float denom = (float) Math.sqrt(vv) / bc2Sqrt + eps;
            p.setAtIndex(F32, i, vp + vm * negStep / denom);
        }
    }

    /**
     * RMSprop: {@code g' = g + weightDecay * p} (when weightDecay != 0),
     * {@code sq = alpha * sq + (1 - alpha) * g'^2}; centered ({@code gAvg} not null):
     * {@code gAvg = alpha * gAvg + (1 - alpha) * g'}, {@code avg = sqrt(sq - gAvg^2) + eps}, else
     * {@code avg = sqrt(sq) + eps}; with momentum ({@code buf} not null):
     * {@code buf = momentum * buf + g' / avg}, {@code p = p - lr * buf}, else
     * {@code p = p - lr * g' / avg}.
     *
     * @param gAvg the running mean of gradients for centered RMSprop, or null
     * @param buf the momentum buffer, or null for no momentum
     */
    public static void rmsProp(long n, MemorySegment p, MemorySegment g, MemorySegment sq, MemorySegment gAvg,
            MemorySegment buf, float lr, float alpha, float eps, float weightDecay, float momentum) {
        check(n, "p", p);
        check(n, "g", g);
        check(n, "sq", sq);
        boolean centered = gAvg != null;
        boolean mom = buf != null;
        if (centered) {
            check(n, "gAvg", gAvg);
        }
        if (mom) {
            check(n, "buf", buf);
        }
        boolean wd = weightDecay != 0f;
        float oma = (float) (1.0 - alpha);
        float negLr = -lr;
        long i = 0;
        if (!SCALAR) {
            FloatVector cWd = FloatVector.broadcast(S, weightDecay);
            FloatVector cOma = FloatVector.broadcast(S, oma);
            FloatVector cNegLr = FloatVector.broadcast(S, negLr);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                long b = i * Float.BYTES;
                FloatVector vp = FloatVector.fromMemorySegment(S, p, b, ORDER);
                FloatVector vg = FloatVector.fromMemorySegment(S, g, b, ORDER);
                if (wd) {
                    vg = vp.fma(cWd, vg);
                }
                FloatVector vs = vg.mul(oma).fma(vg, FloatVector.fromMemorySegment(S, sq, b, ORDER).mul(alpha));
                vs.intoMemorySegment(sq, b, ORDER);
                FloatVector avg;
                if (centered) {
                    FloatVector va = vg.fma(cOma, FloatVector.fromMemorySegment(S, gAvg, b, ORDER).mul(alpha));
                    va.intoMemorySegment(gAvg, b, ORDER);
                    avg = vs.sub(va.mul(va)).lanewise(VectorOperators.SQRT).add(eps);
                } else {
                    avg = vs.lanewise(VectorOperators.SQRT).add(eps);
                }
                if (mom) {
                    FloatVector vb = FloatVector.fromMemorySegment(S, buf, b, ORDER).mul(momentum).add(vg.div(avg));
                    vb.intoMemorySegment(buf, b, ORDER);
                    vb.fma(cNegLr, vp).intoMemorySegment(p, b, ORDER);
                } else {
                    vp.add(vg.mul(negLr).div(avg)).intoMemorySegment(p, b, ORDER);
                }
            }
        }
        rmsPropScalar(i, n, p, g, sq, gAvg, buf, negLr, alpha, oma, eps, wd, weightDecay, momentum);
    }

    private static void rmsPropScalar(long from, long to, MemorySegment p, MemorySegment g, MemorySegment sq,
            MemorySegment gAvg, MemorySegment buf, float negLr, float alpha, float oma, float eps, boolean wd,
            float weightDecay, float momentum) {
        for (long i = from; i < to; i++) {
            float vp = p.getAtIndex(F32, i);
            float vg = g.getAtIndex(F32, i);
            if (wd) {
                vg = Math.fma(vp, weightDecay, vg);
            }
            float vs = Math.fma(vg * oma, vg, sq.getAtIndex(F32, i) * alpha);
            sq.setAtIndex(F32, i, vs);
            float avg;
            if (gAvg != null) {
                float va = Math.fma(vg, oma, gAvg.getAtIndex(F32, i) * alpha);
                gAvg.setAtIndex(F32, i, va);
                avg = (float) Math.sqrt(vs - va * va) + eps;
            } else {
                avg = (float) Math.sqrt(vs) + eps;
            }
            if (buf != null) {
                float vb = buf.getAtIndex(F32, i) * momentum + vg / avg;
                buf.setAtIndex(F32, i, vb);
                p.setAtIndex(F32, i, Math.fma(vb, negLr, vp));
            } else {
                p.setAtIndex(F32, i, vp + vg * negLr / avg);
            }
        }
    }

    /**
     * The sum of x[i]^2 over [0, n), each square and the sum in double (so no float overflow or
     * loss for large or many values). The vector body widens floats to double lanes; the order of
     * additions, and so the last bits, depend on the vector width.
     */
    public static double sumOfSquares(long n, MemorySegment x) {
        check(n, "x", x);
        long i = 0;
        double s = 0;
        if (!SCALAR) {
            DoubleVector lo = DoubleVector.zero(D);
            DoubleVector hi = DoubleVector.zero(D);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromMemorySegment(S, x, i * Float.BYTES, ORDER);
                DoubleVector a = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
                DoubleVector c = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
                lo = a.fma(a, lo);
                hi = c.fma(c, hi);
            }
            double[] lanes = new double[D.length()];   // NOTE [deterministic sums] in Kernels
            lo.add(hi).intoArray(lanes, 0);
            s = 0;
            for (double lane : lanes) {
                s += lane;
            }
        }
        return s + sumOfSquaresScalar(i, n, x);
    }

    private static double sumOfSquaresScalar(long from, long to, MemorySegment x) {
        double s = 0;
        for (long i = from; i < to; i++) {
            double v = x.getAtIndex(F32, i);
            s = Math.fma(v, v, s);
        }
        return s;
    }

    /** n >= 0 and seg (named {@code name}) holds at least n floats. */
    private static void check(long n, String name, MemorySegment seg) {
        Objects.requireNonNull(seg, name);
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        long have = seg.byteSize() / Float.BYTES;
        if (have < n) {
            throw new IllegalArgumentException(name + " too small: needs " + n + " floats, has " + have);
        }
    }
}

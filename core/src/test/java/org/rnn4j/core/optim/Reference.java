package org.rnn4j.core.optim;

/**
 * PyTorch's update formulas (torch/optim/{sgd,adam,adamw,rmsprop}.py, single-tensor path,
 * torch 1.13) transcribed in plain double precision, with no code shared with the optimizers:
 * the independent reference the optimizer tests compare with. Hyper-parameters are the float
 * values the optimizer gets, widened to double. {@code p[i][j]}: parameter i, element j.
 */
abstract class Reference {
    final double[][] p;
    long t;

    Reference(double[][] p) {
        this.p = p;
    }

    /** One step with the given gradients at learning rate lr. */
    final void step(float[][] grads, double lr) {
        t++;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[i].length; j++) {
                update(i, j, grads[i][j], lr);
            }
        }
    }

    abstract void update(int i, int j, double g, double lr);

    static double[][] zerosLike(double[][] a) {
        double[][] z = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            z[i] = new double[a[i].length];
        }
        return z;
    }

    /** torch.optim.SGD. */
    static final class Sgd extends Reference {
        final double momentum;
        final double dampening;
        final double weightDecay;
        final boolean nesterov;
        final double[][] buf;

        Sgd(double[][] p, double momentum, double dampening, double weightDecay, boolean nesterov) {
            super(p);
            this.momentum = momentum;
            this.dampening = dampening;
            this.weightDecay = weightDecay;
            this.nesterov = nesterov;
            this.buf = zerosLike(p);
        }

        @Override
        void update(int i, int j, double g, double lr) {
            double dp = g;
            if (weightDecay != 0) {
                dp += weightDecay * p[i][j];
            }
            if (momentum != 0) {
                // the buffer is created as a clone of d_p on the first step
                buf[i][j] = t == 1 ? dp : momentum * buf[i][j] + (1 - dampening) * dp;
                dp = nesterov ? dp + momentum * buf[i][j] : buf[i][j];
            }
            p[i][j] -= lr * dp;
        }
    }

    /** torch.optim.Adam (decoupled = false) and torch.optim.AdamW (decoupled = true), amsgrad off. */
    static final class Adam extends Reference {
        final double beta1;
        final double beta2;
        final double eps;
        final double weightDecay;
        final boolean decoupled;
        final double[][] m;
        final double[][] v;

        Adam(double[][] p, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
            super(p);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.decoupled = decoupled;
            this.m = zerosLike(p);
            this.v = zerosLike(p);
        }

        @Override
        void update(int i, int j, double g, double lr) {
            if (decoupled) {
                p[i][j] *= 1 - lr * weightDecay;
            } else if (weightDecay != 0) {
                g += weightDecay * p[i][j];
            }
            m[i][j] = beta1 * m[i][j] + (1 - beta1) * g;
            v[i][j] = beta2 * v[i][j] + (1 - beta2) * g * g;
            double bc1 = 1 - Math.pow(beta1, t);
            double bc2 = 1 - Math.pow(beta2, t);
            double denom = Math.sqrt(v[i][j]) / Math.sqrt(bc2) + eps;
            p[i][j] -= lr / bc1 * m[i][j] / denom;
        }
    }

    /** torch.optim.RMSprop. */
    static final class RmsProp extends Reference {
        final double alpha;
        final double eps;
        final double weightDecay;
        final double momentum;
        final boolean centered;
        final double[][] sq;
        final double[][] ga;
        final double[][] buf;

        RmsProp(double[][] p, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
            super(p);
            this.alpha = alpha;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.momentum = momentum;
            this.centered = centered;
            this.sq = zerosLike(p);
            this.ga = zerosLike(p);
            this.buf = zerosLike(p);
        }

        @Override
        void update(int i, int j, double g, double lr) {
            if (weightDecay != 0) {
                g += weightDecay * p[i][j];
            }
            sq[i][j] = alpha * sq[i][j] + (1 - alpha) * g * g;
            double avg;
            if (centered) {
                ga[i][j] = alpha * ga[i][j] + (1 - alpha) * g;
                avg = Math.sqrt(sq[i][j] - ga[i][j] * ga[i][j]) + eps;
            } else {
                avg = Math.sqrt(sq[i][j]) + eps;
            }
            if (momentum > 0) {
                buf[i][j] = momentum * buf[i][j] + g / avg;
                p[i][j] -= lr * buf[i][j];
            } else {
                p[i][j] -= lr * g / avg;
            }
        }
    }
}

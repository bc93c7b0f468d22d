package org.rnn4j.core.optim;

import java.util.List;
import org.rnn4j.core.nn.Parameter;

/**
 * AdamW: Adam with decoupled weight decay, exactly as torch.optim.AdamW (amsgrad off):
 * <pre>
 *   t = step count after this step (1, 2, ...)
 *   p = p * (1 - lr * weight_decay)                decoupled decay, before the moments
 *   g = grad
 *   m = beta1 * m + (1 - beta1) * g                 exp_avg
 *   v = beta2 * v + (1 - beta2) * g^2               exp_avg_sq
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * State: {@code exp_avg.<param>}, {@code exp_avg_sq.<param>}. Defaults as PyTorch: lr 1e-3,
 * betas (0.9, 0.999), eps 1e-8, weight decay 1e-2.
 */
public final class AdamW extends AdamBase {
    /** AdamW with every default. */
    public AdamW(List<Parameter> params) {
        this(params, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f);
    }

    /**
     * @param lr learning rate, finite and >= 0
     * @param beta1 first-moment decay, in [0, 1)
     * @param beta2 second-moment decay, in [0, 1)
     * @param eps added to the denominator, finite and >= 0
     * @param weightDecay decoupled decay rate (p *= 1 - lr * weightDecay each step), finite and >= 0
     */
    public AdamW(List<Parameter> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super("AdamW", params, lr, beta1, beta2, eps, weightDecay, true);
    }

    public static Builder builder(List<Parameter> params) {
        return new Builder(params);
    }

    /** Builds an {@link AdamW}; unset values take PyTorch's defaults. */
    public static final class Builder {
        private final List<Parameter> params;
        private float lr = 1e-3f;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float eps = 1e-8f;
        private float weightDecay = 1e-2f;

        private Builder(List<Parameter> params) {
            this.params = params;
        }

        public Builder lr(float lr) {
            this.lr = lr;
            return this;
        }

        public Builder betas(float beta1, float beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        public Builder eps(float eps) {
            this.eps = eps;
            return this;
        }

        public Builder weightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public AdamW build() {
            return new AdamW(params, lr, beta1, beta2, eps, weightDecay);
        }
    }
}

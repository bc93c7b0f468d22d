package org.rnn4j.core.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Tensor;

/**
 * RMSprop, exactly as torch.optim.RMSprop:
 * <pre>
 *   g = grad + weight_decay * p                     (if weight_decay != 0)
 *   sq = alpha * sq + (1 - alpha) * g^2             square_avg
 *   centered:  ga = alpha * ga + (1 - alpha) * g    grad_avg
 *              avg = sqrt(sq - ga^2) + eps
 *   else:      avg = sqrt(sq) + eps
 *   momentum > 0:  buf = momentum * buf + g / avg;  p = p - lr * buf     momentum_buffer
 *   else:          p = p - lr * g / avg
 * </pre>
 * All state starts at zero (unlike SGD's momentum buffer, which starts as the first gradient).
 * State: {@code square_avg.<param>}, plus {@code momentum_buffer.<param>} when momentum > 0 and
 * {@code grad_avg.<param>} when centered. Defaults as PyTorch: lr 1e-2, alpha 0.99, eps 1e-8,
 * weight decay 0, momentum 0, not centered.
 */
public final class RmsProp extends Optimizer {
    public static final String SQUARE_AVG = "square_avg";
    public static final String MOMENTUM_BUFFER = "momentum_buffer";
    public static final String GRAD_AVG = "grad_avg";

    private final float alpha;
    private final float eps;
    private final float weightDecay;
    private final float momentum;
    private final boolean centered;
    private final Tensor[] squareAvg;
    private final Tensor[] buffers;
    private final Tensor[] gradAvg;

    /** RMSprop with every default. */
    public RmsProp(List<Parameter> params) {
        this(params, 1e-2f, 0.99f, 1e-8f, 0f, 0f, false);
    }

    /**
     * @param lr learning rate, finite and >= 0
     * @param alpha smoothing constant, in [0, 1]
     * @param eps added to the denominator, finite and >= 0
     * @param weightDecay L2 penalty added to the gradient, finite and >= 0
     * @param momentum finite and >= 0 (0: no momentum buffer)
     * @param centered normalize by the estimated variance of the gradient instead of its second moment
     */
    public RmsProp(List<Parameter> params, float lr, float alpha, float eps, float weightDecay, float momentum,
            boolean centered) {
        super("RmsProp", params, lr);
        this.alpha = Check.unitClosed("alpha", alpha);
        this.eps = Check.nonNegative("eps", eps);
        this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
        this.momentum = Check.nonNegative("momentum", momentum);
        this.centered = centered;
        List<Parameter> ps = parameters();
        this.squareAvg = new Tensor[ps.size()];
        this.buffers = new Tensor[ps.size()];
        this.gradAvg = new Tensor[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            squareAvg[i] = newState(SQUARE_AVG, ps.get(i));
            if (momentum > 0f) {
                buffers[i] = newState(MOMENTUM_BUFFER, ps.get(i));
            }
            if (centered) {
                gradAvg[i] = newState(GRAD_AVG, ps.get(i));
            }
        }
    }

    public static Builder builder(List<Parameter> params) {
        return new Builder(params);
    }

    @Override
    protected void update(long step) {
        float lr = learningRate();
        List<Parameter> ps = parameters();
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            OptimKernels.rmsProp(p.value().size(), p.value().data(), p.grad().data(), squareAvg[i].data(),
                    gradAvg[i] == null ? null : gradAvg[i].data(), buffers[i] == null ? null : buffers[i].data(), lr,
                    alpha, eps, weightDecay, momentum);
        }
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alpha", alpha);
        h.put("eps", eps);
        h.put("weight_decay", weightDecay);
        h.put("momentum", momentum);
        h.put("centered", centered);
        return h;
    }

    public float alpha() {
        return alpha;
    }

    public float eps() {
        return eps;
    }

    public float weightDecay() {
        return weightDecay;
    }

    public float momentum() {
        return momentum;
    }

    public boolean centered() {
        return centered;
    }

    /** Builds an {@link RmsProp}; unset values take PyTorch's defaults. */
    public static final class Builder {
        private final List<Parameter> params;
        private float lr = 1e-2f;
        private float alpha = 0.99f;
        private float eps = 1e-8f;
        private float weightDecay;
        private float momentum;
        private boolean centered;

        private Builder(List<Parameter> params) {
            this.params = params;
        }

        public Builder lr(float lr) {
            this.lr = lr;
            return this;
        }

        public Builder alpha(float alpha) {
            this.alpha = alpha;
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

        public Builder momentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        public RmsProp build() {
            return new RmsProp(params, lr, alpha, eps, weightDecay, momentum, centered);
        }
    }
}

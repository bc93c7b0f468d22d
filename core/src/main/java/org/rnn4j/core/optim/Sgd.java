package org.rnn4j.core.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum, dampening, L2 weight decay and Nesterov
 * momentum, exactly as torch.optim.SGD:
 * <pre>
 *   g = grad + weight_decay * p                      (if weight_decay != 0)
 *   buf = g                                          (first step)
 *   buf = momentum * buf + (1 - dampening) * g       (later steps)      } if momentum != 0
 *   g = nesterov ? g + momentum * buf : buf                             }
 *   p = p - lr * g
 * </pre>
 * State (only with momentum): {@code momentum_buffer.<param>}. Defaults as PyTorch: momentum 0,
 * dampening 0, weight decay 0, no Nesterov; lr has no default.
 */
public final class Sgd extends Optimizer {
    public static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final float momentum;
    private final float dampening;
    private final float weightDecay;
    private final boolean nesterov;
    private final Tensor[] buffers;

    /** Plain SGD: {@code p = p - lr * grad}. */
    public Sgd(List<Parameter> params, float lr) {
        this(params, lr, 0f, 0f, 0f, false);
    }

    /**
     * @param lr learning rate, finite and >= 0
     * @param momentum finite and >= 0 (0: no momentum, no state)
     * @param dampening in [0, 1]
     * @param weightDecay L2 penalty added to the gradient, finite and >= 0
     * @param nesterov Nesterov momentum; requires momentum > 0 and dampening = 0
     */
    public Sgd(List<Parameter> params, float lr, float momentum, float dampening, float weightDecay,
            boolean nesterov) {
        super("Sgd", params, lr);
        this.momentum = Check.nonNegative("momentum", momentum);
        this.dampening = Check.unitClosed("dampening", dampening);
        this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
        if (nesterov && (momentum <= 0f || dampening != 0f)) {
            throw new IllegalArgumentException("nesterov requires momentum > 0 and dampening = 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
        this.nesterov = nesterov;
        List<Parameter> ps = parameters();
        this.buffers = new Tensor[ps.size()];
        if (momentum != 0f) {
            for (int i = 0; i < ps.size(); i++) {
                buffers[i] = newState(MOMENTUM_BUFFER, ps.get(i));
            }
        }
    }

    /** A builder with PyTorch's defaults; lr is required. */
    public static Builder builder(List<Parameter> params, float lr) {
        return new Builder(params, lr);
    }

    @Override
    protected void update(long step) {
        float lr = learningRate();
        List<Parameter> ps = parameters();
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            long n = p.value().size();
            if (buffers[i] == null) {
                OptimKernels.sgd(n, p.value().data(), p.grad().data(), lr, weightDecay);
            } else {
                OptimKernels.sgdMomentum(n, p.value().data(), p.grad().data(), buffers[i].data(), lr, weightDecay,
                        momentum, dampening, nesterov, step == 1);
            }
        }
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("weight_decay", weightDecay);
        m.put("nesterov", nesterov);
        return m;
    }

    public float momentum() {
        return momentum;
    }

    public float dampening() {
        return dampening;
    }

    public float weightDecay() {
        return weightDecay;
    }

    public boolean nesterov() {
        return nesterov;
    }

    /** Builds an {@link Sgd}; unset values take PyTorch's defaults. */
    public static final class Builder {
        private final List<Parameter> params;
        private final float lr;
        private float momentum;
        private float dampening;
        private float weightDecay;
        private boolean nesterov;

        private Builder(List<Parameter> params, float lr) {
            this.params = params;
            this.lr = lr;
        }

        public Builder momentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder dampening(float dampening) {
            this.dampening = dampening;
            return this;
        }

        public Builder weightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public Sgd build() {
            return new Sgd(params, lr, momentum, dampening, weightDecay, nesterov);
        }
    }
}

package org.rnn4j.core.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Tensor;

/**
 * What {@link Adam} and {@link AdamW} share: the two moment estimates
 * ({@code exp_avg.<param>}, {@code exp_avg_sq.<param>}), the bias corrections and the update
 * {@code p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)}. They differ only
 * in where weight decay goes: into the gradient (Adam, L2) or straight onto the parameter (AdamW,
 * decoupled).
 */
abstract class AdamBase extends Optimizer {
    public static final String EXP_AVG = "exp_avg";
    public static final String EXP_AVG_SQ = "exp_avg_sq";

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final Tensor[] m;
    private final Tensor[] v;

    AdamBase(String name, List<Parameter> params, float lr, float beta1, float beta2, float eps, float weightDecay,
            boolean decoupled) {
        super(name, params, lr);
        this.beta1 = Check.unitOpen("beta1", beta1);
        this.beta2 = Check.unitOpen("beta2", beta2);
        this.eps = Check.nonNegative("eps", eps);
        this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
        this.decoupled = decoupled;
        List<Parameter> ps = parameters();
        this.m = new Tensor[ps.size()];
        this.v = new Tensor[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            m[i] = newState(EXP_AVG, ps.get(i));
            v[i] = newState(EXP_AVG_SQ, ps.get(i));
        }
    }

    @Override
    protected final void update(long step) {
        double lr = learningRate();
        // As PyTorch: scalars in double, handed to the float32 loop rounded once.
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float l2 = decoupled ? 0f : weightDecay;
        float decay = decoupled ? (float) (1.0 - lr * weightDecay) : 1f;
        List<Parameter> ps = parameters();
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            OptimKernels.adam(p.value().size(), p.value().data(), p.grad().data(), m[i].data(), v[i].data(), beta1,
                    beta2, eps, l2, decay, stepSize, bc2Sqrt);
        }
    }

    @Override
    protected final Map<String, Object> hyperParameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("beta1", beta1);
        h.put("beta2", beta2);
        h.put("eps", eps);
        h.put("weight_decay", weightDecay);
        return h;
    }

    public final float beta1() {
        return beta1;
    }

    public final float beta2() {
        return beta2;
    }

    public final float eps() {
        return eps;
    }

    public final float weightDecay() {
        return weightDecay;
    }
}

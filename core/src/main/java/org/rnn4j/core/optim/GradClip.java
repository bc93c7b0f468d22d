package org.rnn4j.core.optim;

import java.util.List;
import java.util.Objects;
import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Tensor;

/**
 * Gradient clipping over a list of parameters, as torch.nn.utils.clip_grad_norm_ and
 * clip_grad_value_ — except that a non-finite norm leaves the gradients alone (PyTorch would
 * multiply them all by NaN), so a trainer can see the NaN / inf it returns and stop or skip.
 */
public final class GradClip {
    /** Added to the norm before dividing, as PyTorch does. */
    public static final double EPS = 1e-6;

    private GradClip() {
    }

    /**
     * The L2 norm of all gradients together, sqrt(sum over every element of g^2), squares and sum
     * in double. 0 for an empty list; NaN if any gradient holds NaN; +inf if any holds an infinity
     * (and none NaN).
     */
    public static double globalNorm(List<Parameter> params) {
        Objects.requireNonNull(params, "params");
        double sum = 0;
        for (Parameter p : params) {
            Tensor g = p.grad();
            sum += OptimKernels.sumOfSquares(g.size(), g.data());
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales every gradient by {@code maxNorm / (norm + 1e-6)} when that is below 1, where norm is
     * {@link #globalNorm}; gradients whose norm is already within maxNorm are left as they are.
     * A NaN or infinite norm is returned as it is, and no gradient changes.
     *
     * @param maxNorm the largest allowed norm, >= 0 (+inf: never clip)
     * @return the norm before clipping
     */
    public static double byGlobalNorm(List<Parameter> params, float maxNorm) {
        if (!(maxNorm >= 0f)) {
            throw new IllegalArgumentException("maxNorm must be >= 0, got " + maxNorm);
        }
        double norm = globalNorm(params);
        if (!Double.isFinite(norm)) {
            return norm;
        }
        double scale = maxNorm / (norm + EPS);
        if (scale < 1.0) {
            float s = (float) scale;
            for (Parameter p : params) {
                Tensor g = p.grad();
                Elementwise.scale(g.size(), s, g.data(), 0, g.data(), 0);
            }
        }
        return norm;
    }

    /**
     * Clamps every gradient element into [-clip, clip]; NaN stays NaN.
     *
     * @param clip >= 0 (+inf: no change)
     */
    public static void byValue(List<Parameter> params, float clip) {
        Objects.requireNonNull(params, "params");
        if (!(clip >= 0f)) {
            throw new IllegalArgumentException("clip must be >= 0, got " + clip);
        }
        for (Parameter p : params) {
            Tensor g = p.grad();
            Elementwise.clamp(g.size(), -clip, clip, g.data(), 0, g.data(), 0);
        }
    }
}

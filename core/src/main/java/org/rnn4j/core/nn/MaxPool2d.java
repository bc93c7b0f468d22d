package org.rnn4j.core.nn;

import java.util.List;
import org.rnn4j.core.autograd.ConvOps;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;

/**
 * Max pooling as PyTorch's {@code nn.MaxPool2d(kernel, stride)} without padding or dilation:
 * (N, C, H, W) → (N, C, OH, OW), OH = (H − kernel) / stride + 1. No parameters.
 */
public final class MaxPool2d implements Module {
    private final int kernel;
    private final int stride;

    /** stride = kernel, as PyTorch's default. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: kernel and stride must be >= 1, got kernel " + kernel
                    + ", stride " + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    public Var forward(Tape tape, Var x) {
        return ConvOps.maxPool2d(x, kernel, stride);
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}

package org.rnn4j.core.nn;

import java.util.List;
import org.rnn4j.core.autograd.ConvOps;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;

/**
 * Global average pooling: (N, C, H, W) → (N, C), the mean of each plane (PyTorch's
 * {@code nn.AdaptiveAvgPool2d(1)} followed by {@code flatten(1)}). No parameters.
 */
public final class GlobalAvgPool implements Module {

    public Var forward(Tape tape, Var x) {
        return ConvOps.globalAvgPool(x);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}

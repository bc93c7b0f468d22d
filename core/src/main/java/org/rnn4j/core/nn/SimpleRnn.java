package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Allocator;

/** Elman RNN, tanh or relu, as PyTorch's {@code nn.RNN}. */
public final class SimpleRnn extends RecurrentLayer {
    public SimpleRnn(RecurrentSpec spec, Allocator alloc, long seed) {
        super(check(spec), alloc, seed);
    }

    private static RecurrentSpec check(RecurrentSpec spec) {
        if (spec.cell() != CellType.RNN_TANH && spec.cell() != CellType.RNN_RELU) {
            throw new IllegalArgumentException("SimpleRnn needs cell RNN_TANH or RNN_RELU, got " + spec.cell());
        }
        return spec;
    }
}

package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Allocator;

/** Gated recurrent unit, as PyTorch's {@code nn.GRU} (n = tanh(W_in x + b_in + r * (W_hn h + b_hn))). */
public final class Gru extends RecurrentLayer {
    public Gru(RecurrentSpec spec, Allocator alloc, long seed) {
        super(check(spec), alloc, seed);
    }

    private static RecurrentSpec check(RecurrentSpec spec) {
        if (spec.cell() != CellType.GRU) {
            throw new IllegalArgumentException("Gru needs cell GRU, got " + spec.cell());
        }
        return spec;
    }
}

package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Allocator;

/** Long short-term memory, as PyTorch's {@code nn.LSTM} (with {@code proj_size}). */
public final class Lstm extends RecurrentLayer {
    public Lstm(RecurrentSpec spec, Allocator alloc, long seed) {
        super(check(spec), alloc, seed);
    }

    private static RecurrentSpec check(RecurrentSpec spec) {
        if (spec.cell() != CellType.LSTM) {
            throw new IllegalArgumentException("Lstm needs cell LSTM, got " + spec.cell());
        }
        return spec;
    }
}

package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Allocator;

/** Gated recurrent unit cell, as PyTorch's {@code nn.GRUCell}. */
public final class GruCell extends RecurrentCell {
    public GruCell(int inputSize, int hiddenSize, boolean bias, Allocator alloc, long seed) {
        super(CellType.GRU, inputSize, hiddenSize, bias, alloc, seed);
    }
}

package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Allocator;

/** Elman cell, tanh or relu, as PyTorch's {@code nn.RNNCell}. */
public final class RnnCell extends RecurrentCell {
    public RnnCell(int inputSize, int hiddenSize, boolean relu, boolean bias, Allocator alloc, long seed) {
        super(relu ? CellType.RNN_RELU : CellType.RNN_TANH, inputSize, hiddenSize, bias, alloc, seed);
    }
}

package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Allocator;

/** Long short-term memory cell, as PyTorch's {@code nn.LSTMCell}. */
public final class LstmCell extends RecurrentCell {
    public LstmCell(int inputSize, int hiddenSize, boolean bias, Allocator alloc, long seed) {
        super(CellType.LSTM, inputSize, hiddenSize, bias, alloc, seed);
    }
}

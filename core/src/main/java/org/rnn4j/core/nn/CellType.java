package org.rnn4j.core.nn;

/** The recurrent cells, with PyTorch's gate counts and gate order. */
public enum CellType {
    /** h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    RNN_TANH(1),
    /** h' = relu(W_ih x + b_ih + W_hh h + b_hh). */
    RNN_RELU(1),
    /** Gates i, f, g, o; c' = f c + i g; h' = o tanh(c') (optionally projected). */
    LSTM(4),
    /** Gates r, z, n; n = tanh(W_in x + b_in + r (W_hn h + b_hn)); h' = (1 - z) n + z h. */
    GRU(3);

    /** Gate blocks in the weight matrices (rows of W_ih are gates * hidden). */
    public final int gates;

    CellType(int gates) {
        this.gates = gates;
    }
}

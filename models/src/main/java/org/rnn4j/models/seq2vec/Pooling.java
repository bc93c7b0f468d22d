package org.rnn4j.models.seq2vec;

/**
 * How a sequence's recurrent outputs become one vector. Every choice looks only at the
 * sequence's real steps (the batch is packed; there is no padding to mask).
 */
public enum Pooling {
    /**
     * The top layer's final state h_n: the forward direction's state at the sequence's own last
     * step, and for a bidirectional layer the reverse direction's state at its first step,
     * concatenated [forward | reverse].
     */
    LAST,
    /** The mean of the top layer's output rows over the sequence's steps. */
    MEAN,
    /** The element-wise maximum of the top layer's output rows over the sequence's steps. */
    MAX
}

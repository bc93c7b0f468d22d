package org.rnn4j.core.nn;

import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.Tensor;

/**
 * What a recurrent layer returns: the output sequence (packed, (N, directions * outSize)), the
 * final states h_n (layers * directions, B, outSize) and, for LSTM, c_n (layers * directions, B,
 * hidden) — each taken at the sequence's own last step, in the original batch order — and the
 * trace a backward pass needs ({@code null} from an inference pass).
 */
public record RecurrentResult(PackedSequence output, Tensor hN, Tensor cN, RecurrentTrace trace) {
}

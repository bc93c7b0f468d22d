package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Tensor;

/**
 * Gradients a recurrent backward pass returns (the parameter gradients are added into each
 * {@link Parameter#grad()}): of the input, in the layout the forward pass was given it — packed
 * rows (N, inputSize) for a {@code PackedSequence}, the padded (T, B, inputSize) or
 * (B, T, inputSize) tensor for a padded batch, zeros past each sequence's end — of h0 and, for
 * LSTM, of c0 (null otherwise).
 */
public record RecurrentGrads(Tensor dInput, Tensor dh0, Tensor dc0) {
}

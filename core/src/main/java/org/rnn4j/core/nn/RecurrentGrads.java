package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Tensor;

/**
 * Gradients a recurrent backward pass returns (the parameter gradients are added into each
 * {@link Parameter#grad()}): of the input rows (same layout as the input data), of h0 and, for
 * LSTM, of c0 (null otherwise).
 */
public record RecurrentGrads(Tensor dInput, Tensor dh0, Tensor dc0) {
}

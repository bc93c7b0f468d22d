package org.rnn4j.core.nn;

import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Tensor;

/**
 * What a recurrent layer returns: the output sequence (packed, (N, directions * outSize)), the
 * final states h_n (layers * directions, B, outSize) and, for LSTM, c_n (layers * directions, B,
 * hidden) — each taken at the sequence's own last step, in the original batch order — the trace a
 * backward pass needs ({@code null} from an inference pass), and how the input was given
 * ({@link Input}): backward takes the output gradient, and returns the input gradient, in that
 * layout.
 */
public record RecurrentResult(PackedSequence output, Tensor hN, Tensor cN, RecurrentTrace trace, Input input) {

    public RecurrentResult {
        if (input == null) {
            input = new Input(Input.Kind.PACKED, output.steps(), false);
        }
    }

    /** A result over packed input (the form before the input layout was recorded). */
    public RecurrentResult(PackedSequence output, Tensor hN, Tensor cN, RecurrentTrace trace) {
        this(output, hN, cN, trace, null);
    }

    /**
     * The layout of the input a result came from: packed rows, a padded batch of {@code steps}
     * time steps (time-first or batch-first), or the padded batch of static mode.
     */
    public record Input(Kind kind, int steps, boolean batchFirst) {
        public enum Kind { PACKED, PADDED, STATIC }
    }

    /**
     * A padded tensor in this result's batch order — (T, B, F), or (B, T, F) for a batch-first
     * layer; T at least the longest sequence — packed like {@link #output()}: e.g. a loss gradient
     * of the padded output, ready for backward (which also accepts it padded).
     */
    public Tensor packLike(Tensor padded, Allocator alloc) {
        return output.packLike(padded, input.batchFirst(), alloc).data();
    }
}

package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Tensor;

/**
 * The activations a recurrent layer's forward pass keeps for its backward pass, all in the step
 * workspace (so they go stale at its reset). Row layout as the packed input (see
 * NOTE [packed order] in PackedSequence).
 */
public final class RecurrentTrace {
    final StepLayout layout;
    final int[] sortedIndices;
    /** Input rows of each layer (after dropout for layers > 0). */
    final Tensor[] layerInputs;
    /** Dropout masks applied to the inputs of layers > 0 (null entries when no dropout). */
    final Tensor[] dropoutMasks;
    /** Per layer * directions + direction. */
    final DirectionTrace[] directions;

    RecurrentTrace(StepLayout layout, int[] sortedIndices, int layers, int dirs) {
        this.layout = layout;
        this.sortedIndices = sortedIndices;
        this.layerInputs = new Tensor[layers];
        this.dropoutMasks = new Tensor[layers];
        this.directions = new DirectionTrace[layers * dirs];
    }

    /**
     * One layer-direction's saved activations. LSTM: gates (N, 4H) hold i, f, g, o; cells (N, H)
     * c_t; cellsPrev (N, H) c_{t-1}; m (N, H) o * tanh(c_t) when projected. GRU: gates (N, 4H)
     * hold r, z, n, W_hn h + b_hn. RNN: gates (N, H) hold h_t. All: hPrev (N, P) h_{t-1}.
     */
    static final class DirectionTrace {
        Tensor gates;
        Tensor hPrev;
        Tensor cells;
        Tensor cellsPrev;
        Tensor m;
    }
}

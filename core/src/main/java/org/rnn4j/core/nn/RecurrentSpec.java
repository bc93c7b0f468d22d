package org.rnn4j.core.nn;

/**
 * The shape of a recurrent layer, with PyTorch's {@code nn.RNN/LSTM/GRU} meaning for every field.
 * Validated on construction; messages name the field and the allowed values.
 *
 * @param projSize LSTM hidden-state projection (0 = none); must be smaller than hiddenSize
 * @param dropout  dropout on the outputs of every layer but the last, in training only, in [0, 1)
 */
public record RecurrentSpec(CellType cell, int inputSize, int hiddenSize, int numLayers, boolean bidirectional,
                            float dropout, boolean bias, boolean batchFirst, int projSize) {

    public RecurrentSpec {
        if (cell == null) {
            throw new IllegalArgumentException("cell type is required (RNN_TANH, RNN_RELU, LSTM or GRU)");
        }
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be >= 1, got " + inputSize);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hiddenSize must be >= 1, got " + hiddenSize);
        }
        if (numLayers < 1) {
            throw new IllegalArgumentException("numLayers must be >= 1, got " + numLayers);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (projSize < 0) {
            throw new IllegalArgumentException("projSize must be >= 0, got " + projSize);
        }
        if (projSize > 0 && cell != CellType.LSTM) {
            throw new IllegalArgumentException("projSize is only supported for LSTM, not " + cell);
        }
        if (projSize >= hiddenSize) {
            throw new IllegalArgumentException("projSize has to be smaller than hiddenSize (" + projSize + " >= "
                    + hiddenSize + ")");
        }
    }

    /** A spec with PyTorch's defaults: 1 layer, unidirectional, no dropout, bias, time-first. */
    public static RecurrentSpec of(CellType cell, int inputSize, int hiddenSize) {
        return new RecurrentSpec(cell, inputSize, hiddenSize, 1, false, 0f, true, false, 0);
    }

    public RecurrentSpec withLayers(int n) {
        return new RecurrentSpec(cell, inputSize, hiddenSize, n, bidirectional, dropout, bias, batchFirst, projSize);
    }

    public RecurrentSpec withBidirectional(boolean b) {
        return new RecurrentSpec(cell, inputSize, hiddenSize, numLayers, b, dropout, bias, batchFirst, projSize);
    }

    public RecurrentSpec withDropout(float p) {
        return new RecurrentSpec(cell, inputSize, hiddenSize, numLayers, bidirectional, p, bias, batchFirst, projSize);
    }

    public RecurrentSpec withBias(boolean b) {
        return new RecurrentSpec(cell, inputSize, hiddenSize, numLayers, bidirectional, dropout, b, batchFirst, projSize);
    }

    public RecurrentSpec withBatchFirst(boolean b) {
        return new RecurrentSpec(cell, inputSize, hiddenSize, numLayers, bidirectional, dropout, bias, b, projSize);
    }

    public RecurrentSpec withProjSize(int p) {
        return new RecurrentSpec(cell, inputSize, hiddenSize, numLayers, bidirectional, dropout, bias, batchFirst, p);
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Width of h (the projection size when there is one). */
    public int outSize() {
        return projSize > 0 ? projSize : hiddenSize;
    }

    /** Width of the layer's output rows: directions * outSize. */
    public int outputWidth() {
        return directions() * outSize();
    }

    /** Input width of layer l. */
    public int layerInput(int layer) {
        return layer == 0 ? inputSize : outputWidth();
    }
}

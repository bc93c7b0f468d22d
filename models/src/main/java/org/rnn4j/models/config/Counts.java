package org.rnn4j.models.config;

import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.RecurrentSpec;

/**
 * Parameter counts of the layers the families build, from their sizes alone, so that a model's
 * memory is known from its config before anything is allocated. Each count is the number of
 * floats the layer's parameters hold (PyTorch's layout: two bias vectors per recurrent cell).
 */
public final class Counts {
    private Counts() {
    }

    public static long linear(int in, int out, boolean bias) {
        return (long) in * out + (bias ? out : 0);
    }

    public static long embedding(int vocab, int dim) {
        return (long) vocab * dim;
    }

    /** A 2-D convolution with a bias: {@code out x in x k x k + out}. */
    public static long conv(int in, int out, int kernel) {
        return (long) out * in * kernel * kernel + out;
    }

    /** One recurrent cell with both biases: {@code gates * hidden * (in + hidden + 2)}. */
    public static long cell(CellType cell, int in, int hidden) {
        long gh = (long) cell.gates * hidden;
        return gh * in + gh * hidden + 2 * gh;
    }

    /** A recurrent layer stack as {@link RecurrentSpec} describes it. */
    public static long recurrent(RecurrentSpec s) {
        long gh = (long) s.cell().gates * s.hiddenSize();
        long n = 0;
        for (int l = 0; l < s.numLayers(); l++) {
            long perDirection = gh * s.layerInput(l) + gh * s.outSize() + (s.bias() ? 2 * gh : 0)
                    + (s.projSize() > 0 ? (long) s.outSize() * s.hiddenSize() : 0);
            n += perDirection * s.directions();
        }
        return n;
    }
}

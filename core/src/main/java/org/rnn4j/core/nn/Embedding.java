package org.rnn4j.core.nn;

import java.util.List;
import org.rnn4j.core.autograd.NnOps;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.Shape;

/**
 * A lookup table of vectors, as PyTorch's {@code nn.Embedding}: weights N(0, 1); the padding
 * index's row starts at zero and receives no gradient.
 */
public final class Embedding implements Module, AutoCloseable {
    private final Parameter weight;
    private final int paddingIdx;

    /** {@code paddingIdx} -1 for none. */
    public Embedding(int numEmbeddings, int dim, int paddingIdx, Allocator alloc, long seed) {
        if (numEmbeddings < 1 || dim < 1) {
            throw new IllegalArgumentException("Embedding sizes must be >= 1, got " + numEmbeddings + " x " + dim);
        }
        if (paddingIdx < -1 || paddingIdx >= numEmbeddings) {
            throw new IllegalArgumentException("padding index " + paddingIdx + " is outside [0, " + numEmbeddings
                    + ") (use -1 for none)");
        }
        this.paddingIdx = paddingIdx;
        this.weight = new Parameter("weight", Shape.of(numEmbeddings, dim), alloc);
        Init.normal(weight.value(), 0f, 1f, seed);
        if (paddingIdx >= 0) {
            weight.value().slice(paddingIdx, paddingIdx + 1).fill(0f);
        }
    }

    /** Rows for {@code ids}: (ids.length, dim). */
    public Var forward(Tape tape, int[] ids) {
        return NnOps.embedding(tape.param(weight), ids, paddingIdx);
    }

    public int dim() {
        return weight.shape().dim(1);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    @Override
    public void close() {
        weight.close();
    }
}

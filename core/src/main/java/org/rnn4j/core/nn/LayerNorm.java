package org.rnn4j.core.nn;

import java.util.List;
import org.rnn4j.core.autograd.NnOps;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Shape;

/** Layer normalisation over the last dimension, as PyTorch's {@code nn.LayerNorm(dim)}. */
public final class LayerNorm implements Module, AutoCloseable {
    private final Parameter weight;
    private final Parameter bias;
    private final float eps;

    public LayerNorm(int dim, float eps, Allocator alloc) {
        this.eps = eps;
        this.weight = new Parameter("weight", Shape.of(dim), alloc);
        this.bias = new Parameter("bias", Shape.of(dim), alloc);
        weight.value().fill(1f);
    }

    public Var forward(Tape tape, Var x) {
        return NnOps.layerNorm(x, tape.param(weight), tape.param(bias), eps);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void close() {
        weight.close();
        bias.close();
    }
}

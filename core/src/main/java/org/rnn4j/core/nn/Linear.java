package org.rnn4j.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Linalg;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.Shape;

/** y = x W^T + b, as PyTorch's {@code nn.Linear} (init U(-1/sqrt(in), 1/sqrt(in)) for both). */
public final class Linear implements Module, AutoCloseable {
    private final Parameter weight;
    private final Parameter bias;
    private final int in;
    private final int out;

    public Linear(int in, int out, boolean bias, Allocator alloc, long seed) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear sizes must be >= 1, got in " + in + ", out " + out);
        }
        this.in = in;
        this.out = out;
        SplittableRandom r = new SplittableRandom(seed);
        float bound = (float) (1 / Math.sqrt(in));
        this.weight = new Parameter("weight", Shape.of(out, in), alloc);
        Init.uniform(weight.value(), -bound, bound, r.nextLong());
        this.bias = bias ? new Parameter("bias", Shape.of(out), alloc) : null;
        if (bias) {
            Init.uniform(this.bias.value(), -bound, bound, r.nextLong());
        }
    }

    /** x (N, in) → (N, out). */
    public Var forward(Tape tape, Var x) {
        if (x.value().rank() != 2 || x.dim(1) != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): input " + x.shape()
                    + " should be (N, " + in + ")");
        }
        return Linalg.linear(x, tape.param(weight), bias == null ? null : tape.param(bias));
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        return ps;
    }

    @Override
    public void close() {
        parameters().forEach(Parameter::close);
    }
}

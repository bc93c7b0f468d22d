package org.rnn4j.core.nn;

import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * A trainable tensor and its gradient, under the name PyTorch's state_dict uses for it
 * ({@code weight_ih_l0}, {@code bias_hh_l1_reverse}, ...). Backward passes add into
 * {@link #grad()}; {@link #zeroGrad()} clears it.
 */
public final class Parameter implements AutoCloseable {
    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private final boolean owner;

    public Parameter(String name, Shape shape, Allocator alloc) {
        this.name = name;
        this.value = alloc.allocate(shape);
        this.grad = alloc.allocateGradient(shape);
        this.owner = true;
    }

    private Parameter(String name, Tensor value, Tensor grad) {
        this.name = name;
        this.value = value;
        this.grad = grad;
        this.owner = false;
    }

    /**
     * The same parameter (same value and gradient memory) under another name, e.g. its
     * state_dict name inside a model ({@code encoder.weight_ih_l0}). Closing the alias frees nothing.
     */
    public Parameter withName(String qualifiedName) {
        return new Parameter(qualifiedName, value, grad);
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public Tensor grad() {
        return grad;
    }

    public Shape shape() {
        return value.shape();
    }

    public void zeroGrad() {
        grad.fill(0f);
    }

    @Override
    public void close() {
        if (owner) {
            value.close();
            grad.close();
        }
    }

    @Override
    public String toString() {
        return name + value.shape();
    }
}

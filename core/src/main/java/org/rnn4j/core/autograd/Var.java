package org.rnn4j.core.autograd;

import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * A value on a {@link Tape}: its tensor, and — when it needs one — its gradient, which backward
 * passes add into. A parameter's Var uses the parameter's own gradient tensor, so gradients of
 * several backward passes accumulate there until {@link Parameter#zeroGrad()}.
 */
public final class Var {
    private final Tape tape;
    private final Tensor value;
    private final boolean requiresGrad;
    private final Parameter param;
    private Tensor grad;

    Var(Tape tape, Tensor value, boolean requiresGrad, Parameter param) {
        this.tape = tape;
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.param = param;
        this.grad = param != null ? param.grad() : null;
    }

    public Tensor value() {
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    public int dim(int axis) {
        return value.dim(axis);
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The gradient so far, or null if nothing has flowed here (yet). */
    public Tensor grad() {
        return grad;
    }

    /** The parameter this Var stands for, or null. */
    public Parameter parameter() {
        return param;
    }

    Tape tape() {
        return tape;
    }

    /** The gradient tensor to add into, allocated (zeroed) in the tape's workspace on first use. */
    Tensor gradForAccumulation() {
        if (grad == null) {
            grad = tape.workspace().allocate(value.shape());
        }
        return grad;
    }

    @Override
    public String toString() {
        return "Var" + value.shape() + (requiresGrad ? " (grad)" : "") + (param != null ? " " + param.name() : "");
    }
}

package org.rnn4j.core.autograd;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * Reverse-mode automatic differentiation, define-by-run, with coarse operations: each operation
 * computes its forward result with the SIMD kernels and records its own backward (the llm.c
 * pairing of forward and backward functions). A whole recurrent layer over a sequence is one
 * operation.
 *
 * <p>All values and gradients of a step live in the tape's {@link Workspace}; after the optimizer
 * step, one {@code workspace.reset()} frees them. A tape is used for one forward and one backward.
 * {@link #noGrad()} opens a scope in which nothing is recorded (inference).
 */
public final class Tape {
    private final Workspace ws;
    private final List<Runnable> backwards = new ArrayList<>();
    private boolean recording = true;
    private boolean consumed;

    public Tape(Workspace ws) {
        this.ws = ws;
    }

    public Workspace workspace() {
        return ws;
    }

    /** A trainable leaf: gradients flow into {@code p.grad()}. */
    public Var param(Parameter p) {
        return new Var(this, p.value(), recording, p);
    }

    /** A constant input: no gradient. */
    public Var constant(Tensor t) {
        return new Var(this, t, false, null);
    }

    /** An input whose gradient is wanted (it gets a grad tensor in the workspace). */
    public Var input(Tensor t) {
        return new Var(this, t, recording, null);
    }

    /** True while operations are recorded. */
    public boolean isRecording() {
        return recording;
    }

    /** A scope in which nothing is recorded and no Var requires a gradient. */
    public Scope noGrad() {
        boolean before = recording;
        recording = false;
        return () -> recording = before;
    }

    /** A scope that restores the recording flag when closed (no checked exception). */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Allocates an op's output (uninitialised) in the workspace. */
    Tensor alloc(Shape shape) {
        return ws.allocateUninitialized(shape);
    }

    /** Allocates an op's output, zero-filled. */
    Tensor zeros(Shape shape) {
        return ws.allocate(shape);
    }

    /** An op's output Var: it requires a gradient if recording and any input does. */
    Var output(Tensor value, Var... inputs) {
        boolean needs = false;
        if (recording) {
            for (Var v : inputs) {
                if (v != null && v.requiresGrad()) {
                    needs = true;
                    break;
                }
            }
        }
        return new Var(this, value, needs, null);
    }

    /** The output of an op that owns trainable parameters: it requires a gradient whenever recording. */
    Var paramOutput(Tensor value) {
        return new Var(this, value, recording, null);
    }

    /**
     * Records {@code backward} for an op with these outputs; it runs (in reverse order of
     * recording) only if some output received a gradient.
     */
    void record(Runnable backward, Var... outputs) {
        boolean any = false;
        for (Var o : outputs) {
            any |= o != null && o.requiresGrad();
        }
        if (!any) {
            return;
        }
        backwards.add(() -> {
            for (Var o : outputs) {
                if (o != null && o.grad() != null) {
                    backward.run();
                    return;
                }
            }
        });
    }

    /**
     * Back-propagates from a scalar {@code loss} (one element): every Var that took part and
     * requires a gradient gets it; parameters' gradients are added to. The tape is then spent.
     */
    public void backward(Var loss) {
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss (one element), got " + loss.shape());
        }
        if (consumed) {
            throw new IllegalStateException("this tape was already used for a backward pass; record a new one");
        }
        if (!loss.requiresGrad()) {
            throw new IllegalStateException("the loss does not depend on anything that requires a gradient");
        }
        consumed = true;
        loss.gradForAccumulation().fill(1f);
        for (int i = backwards.size() - 1; i >= 0; i--) {
            backwards.get(i).run();
        }
        backwards.clear();
    }

    /** Number of recorded operations (for tests and diagnostics). */
    public int size() {
        return backwards.size();
    }
}

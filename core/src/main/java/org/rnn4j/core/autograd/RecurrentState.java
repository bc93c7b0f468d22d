package org.rnn4j.core.autograd;

import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Tensor;

/**
 * Final states carried from one batch into the next — stateful RNNs (Keras {@code stateful=True},
 * DL4J's rnnTimeStep) and truncated back-propagation through time: the states are copied out of
 * the step workspace (so they survive its reset) and enter the next batch as constants, so no
 * gradient flows across the boundary ("detached" every k steps, k being the chunk length).
 */
public final class RecurrentState implements AutoCloseable {
    private final NativeAllocator mem;
    private Tensor h;
    private Tensor c;

    public RecurrentState(String name) {
        this.mem = new NativeAllocator(name);
    }

    /** Keeps the final states of {@code out} (copied, detached). */
    public void carry(RecurrentOps.Outputs out) {
        h = keep(h, out.hN().value());
        c = out.cN() == null ? null : keep(c, out.cN().value());
    }

    private Tensor keep(Tensor mine, Tensor src) {
        if (mine == null || !mine.shape().equals(src.shape())) {
            if (mine != null) {
                mine.close();
            }
            mine = mem.allocate(src.shape());
        }
        return mine.copyFrom(src);
    }

    /** The carried h as a constant on {@code tape}, or null before the first batch (zeros). */
    public Var h0(Tape tape) {
        return h == null ? null : tape.constant(h);
    }

    /** The carried c (LSTM), or null. */
    public Var c0(Tape tape) {
        return c == null ? null : tape.constant(c);
    }

    /** Forgets the states (the next batch starts from zeros), e.g. at a document boundary. */
    public void reset() {
        if (h != null) {
            h.close();
            h = null;
        }
        if (c != null) {
            c.close();
            c = null;
        }
    }

    @Override
    public void close() {
        reset();
        mem.close();
    }
}

package org.rnn4j.core.autograd;

import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.nn.RecurrentCell;
import org.rnn4j.core.nn.RecurrentGrads;
import org.rnn4j.core.nn.RecurrentLayer;
import org.rnn4j.core.nn.RecurrentResult;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.Tensor;

/**
 * Recurrent layers and cells as single tape operations: the whole time loop is one op whose
 * backward is the layer's own backward (dW by large GEMMs after the loop).
 */
public final class RecurrentOps {
    private RecurrentOps() {
    }

    /** A layer's outputs on the tape: packed output rows (N, D*P), h_n and (LSTM) c_n. */
    public record Outputs(Var output, PackedSequence layout, Var hN, Var cN) {
    }

    /** A cell step's outputs: h' and (LSTM) c'. */
    public record Step(Var h, Var c) {
    }

    /**
     * Runs {@code layer} over {@code x} (packed rows (N, inputSize), batch structure from
     * {@code layout}); h0/c0 may be null. Dropout between layers applies when {@code training}.
     */
    public static Outputs recurrent(RecurrentLayer layer, Var x, PackedSequence layout, Var h0, Var c0,
                                    boolean training) {
        Tape tape = x.tape();
        boolean keep = tape.isRecording();
        RecurrentResult r = layer.forward(layout.withData(x.value()), h0 == null ? null : h0.value(),
                c0 == null ? null : c0.value(), tape.workspace(), keep, training);
        Var out = tape.paramOutput(r.output().data());
        Var hN = tape.paramOutput(r.hN());
        Var cN = r.cN() == null ? null : tape.paramOutput(r.cN());
        tape.record(() -> {
            RecurrentGrads g = layer.backward(r, out.grad(), hN.grad(), cN == null ? null : cN.grad(), tape.workspace());
            accumulate(x, g.dInput());
            accumulate(h0, g.dh0());
            accumulate(c0, g.dc0());
        }, out, hN, cN);
        return new Outputs(out, r.output(), hN, cN);
    }

    /** One step of a cell: x (B, in), h and c (B, hidden) or null for zeros. */
    public static Step cell(RecurrentCell cell, Var x, Var h, Var c, boolean training) {
        Tape tape = x.tape();
        boolean keep = tape.isRecording();
        RecurrentCell.Step s = cell.forward(x.value(), h == null ? null : h.value(), c == null ? null : c.value(),
                tape.workspace(), keep);
        Var hv = tape.paramOutput(s.h());
        Var cv = s.c() == null ? null : tape.paramOutput(s.c());
        tape.record(() -> {
            RecurrentCell.Grads g = cell.backward(s, hv.grad(), cv == null ? null : cv.grad(), tape.workspace());
            accumulate(x, g.dx());
            accumulate(h, g.dh());
            accumulate(c, g.dc());
        }, hv, cv);
        return new Step(hv, cv);
    }

    static void accumulate(Var v, Tensor g) {
        if (v != null && v.requiresGrad() && g != null) {
            Tensor dst = v.gradForAccumulation();
            Elementwise.add(g.size(), dst.data(), 0, g.data(), 0, dst.data(), 0);
        }
    }
}

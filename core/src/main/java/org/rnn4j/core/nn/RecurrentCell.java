package org.rnn4j.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * One recurrent step at a time, as PyTorch's {@code nn.RNNCell/LSTMCell/GRUCell} — for decoders
 * that feed each output back in. Parameters {@code weight_ih}, {@code weight_hh}, {@code bias_ih},
 * {@code bias_hh}; the same fused kernels as the layers.
 */
public sealed class RecurrentCell implements Module, AutoCloseable permits RnnCell, LstmCell, GruCell {
    private final CellType cell;
    private final int inputSize;
    private final int hiddenSize;
    private final List<Parameter> params = new ArrayList<>();
    private final RecurrentDirection step;

    /** One step's result: h' (B, H), c' (B, H; LSTM only), and what backward needs. */
    public static final class Step {
        private final Tensor h;
        private final Tensor c;
        final Tensor x;
        final RecurrentTrace.DirectionTrace trace;
        final StepLayout layout;

        Step(Tensor h, Tensor c, Tensor x, RecurrentTrace.DirectionTrace trace, StepLayout layout) {
            this.h = h;
            this.c = c;
            this.x = x;
            this.trace = trace;
            this.layout = layout;
        }

        public Tensor h() {
            return h;
        }

        /** c' for LSTM cells, null otherwise. */
        public Tensor c() {
            return c;
        }
    }

    /** Gradients of one step's inputs: x (B, I), h (B, H), c (B, H; LSTM only). */
    public record Grads(Tensor dx, Tensor dh, Tensor dc) {
    }

    protected RecurrentCell(CellType cell, int inputSize, int hiddenSize, boolean bias, Allocator alloc, long seed) {
        RecurrentSpec.of(cell, inputSize, hiddenSize); // validates the sizes
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        int gh = cell.gates * hiddenSize;
        float bound = (float) (1.0 / Math.sqrt(hiddenSize));
        SplittableRandom seeds = new SplittableRandom(seed);
        Parameter wIh = param("weight_ih", Shape.of(gh, inputSize), alloc, bound, seeds);
        Parameter wHh = param("weight_hh", Shape.of(gh, hiddenSize), alloc, bound, seeds);
        Parameter bIh = bias ? param("bias_ih", Shape.of(gh), alloc, bound, seeds) : null;
        Parameter bHh = bias ? param("bias_hh", Shape.of(gh), alloc, bound, seeds) : null;
        this.step = new RecurrentDirection(cell, inputSize, hiddenSize, hiddenSize, false, wIh, wHh, bIh, bHh, null);
    }

    private Parameter param(String name, Shape shape, Allocator alloc, float bound, SplittableRandom seeds) {
        Parameter p = new Parameter(name, shape, alloc);
        Init.uniform(p.value(), -bound, bound, seeds.nextLong());
        params.add(p);
        return p;
    }

    @Override
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(params);
    }

    public CellType cellType() {
        return cell;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /**
     * h', c' from x (B, inputSize), h (B, hidden) and, for LSTM, c (B, hidden); null states are
     * zeros. {@code training} keeps what {@link #backward} needs.
     */
    public Step forward(Tensor x, Tensor h, Tensor c, Workspace ws, boolean training) {
        if (x.rank() != 2 || x.dim(1) != inputSize) {
            throw new IllegalArgumentException("input size mismatch: x " + x.shape() + ", expected (batch, " + inputSize + ")");
        }
        int b = x.dim(0);
        if (b < 1) {
            throw new IllegalArgumentException("empty batch: x " + x.shape());
        }
        Tensor hs = state("h", h, b, ws);
        Tensor cs = cell == CellType.LSTM ? state("c", c, b, ws) : null;
        if (cell != CellType.LSTM && c != null) {
            throw new IllegalArgumentException("c is only for LSTM cells; this cell is " + cell);
        }
        StepLayout lay = StepLayout.dynamic(new int[] {b});
        Tensor out = ws.allocateUninitialized(Shape.of(b, hiddenSize));
        RecurrentTrace.DirectionTrace tr = training ? new RecurrentTrace.DirectionTrace() : null;
        step.forward(lay, x, out, 0, hs, cs, tr, ws);
        return new Step(hs, cs, x, tr, lay);
    }

    /** Back through one step from dh' and (LSTM) dc'; adds into the parameter gradients. */
    public Grads backward(Step s, Tensor dh, Tensor dc, Workspace ws) {
        if (s.trace == null) {
            throw new IllegalStateException("backward needs a step run with training = true");
        }
        int b = s.h().dim(0);
        Tensor dhs = state("dh", dh, b, ws);
        Tensor dcs = cell == CellType.LSTM ? state("dc", dc, b, ws) : null;
        Tensor dx = ws.allocate(s.x.shape());
        step.backward(s.layout, s.x, null, 0, dhs, dcs, s.trace, dx, ws);
        return new Grads(dx, dhs, dcs);
    }

    private Tensor state(String name, Tensor given, int b, Workspace ws) {
        Tensor t = ws.allocate(Shape.of(b, hiddenSize));
        if (given != null) {
            if (!given.shape().equals(t.shape())) {
                throw new IllegalArgumentException("Expected " + name + " of shape " + t.shape() + ", got " + given.shape());
            }
            t.copyFrom(given);
        }
        return t;
    }

    @Override
    public void close() {
        params.forEach(Parameter::close);
    }
}

package org.rnn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * The cells against the double reference (one step of a one-layer layer), forward and every
 * gradient by finite differences; and stepping a cell over a sequence equals the layer.
 */
class CellTest {
    static final Tolerance OUT_TOL = RecurrentGradientTest.OUT_TOL;
    static final Tolerance GRAD_TOL = RecurrentGradientTest.GRAD_TOL;

    private final NativeAllocator alloc = new NativeAllocator("params");
    private final Workspace ws = new Workspace("step", 1 << 16);

    @AfterEach
    void close() {
        ws.close();
        alloc.close();
    }

    RecurrentCell cell(CellType type, int in, int h, long seed) {
        return switch (type) {
            case LSTM -> new LstmCell(in, h, true, alloc, seed);
            case GRU -> new GruCell(in, h, true, alloc, seed);
            case RNN_TANH -> new RnnCell(in, h, false, true, alloc, seed);
            case RNN_RELU -> new RnnCell(in, h, true, true, alloc, seed);
        };
    }

    @Test
    void oneStepMatchesTheReferenceWithFiniteDifferenceGradients() {
        int lanes = Kernels.S.length();
        long seed = 1;
        for (CellType type : CellType.values()) {
            for (int h : new int[] {3, lanes + 1}) {
                checkStep(type, 4, h, 3, seed++);
            }
        }
    }

    void checkStep(CellType type, int in, int h, int b, long seed) {
        String ctx = type + " cell, in " + in + ", hidden " + h + ", seed " + seed;
        boolean lstm = type == CellType.LSTM;
        Random r = new Random(seed);
        try (RecurrentCell c = cell(type, in, h, seed)) {
            RecurrentSpec spec = RecurrentSpec.of(type, in, h);
            RnnReference ref = new RnnReference(spec);
            for (Parameter p : c.parameters()) {
                float[] v = p.value().toArray();
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i];
                }
                ref.params.put(p.name() + "_l0", d);
            }
            int[] ones = new int[b];
            java.util.Arrays.fill(ones, 1);
            double[][][] x = RecurrentGradientTest.rand(r, b, 1, in);
            double[][][] h0 = RecurrentGradientTest.rand(r, 1, b, h);
            double[][][] c0 = lstm ? RecurrentGradientTest.rand(r, 1, b, h) : null;
            double[][][] gH = RecurrentGradientTest.rand(r, 1, b, h);
            double[][][] gC = lstm ? RecurrentGradientTest.rand(r, 1, b, h) : null;
            double[][][] zeroOut = new double[b][1][h];
            RnnReference.Out want = ref.forward(x, ones, h0, c0);

            Tensor xt = ws.allocate(b, in);
            for (int bb = 0; bb < b; bb++) {
                for (int i = 0; i < in; i++) {
                    xt.setAt((float) x[bb][0][i], bb, i);
                }
            }
            Tensor ht = ws.allocate(b, h).copyFrom(RecurrentGradientTest.toFloat(RecurrentGradientTest.flatten(h0)));
            Tensor ct = lstm ? ws.allocate(b, h).copyFrom(RecurrentGradientTest.toFloat(RecurrentGradientTest.flatten(c0)))
                    : null;
            RecurrentCell.Step s = c.forward(xt, ht, ct, ws, true);
            OUT_TOL.check(ctx + ": h'", s.h().toArray(), RecurrentGradientTest.flatten(want.hN()));
            if (lstm) {
                OUT_TOL.check(ctx + ": c'", s.c().toArray(), RecurrentGradientTest.flatten(want.cN()));
            }
            Tensor dh = ws.allocate(b, h).copyFrom(RecurrentGradientTest.toFloat(RecurrentGradientTest.flatten(gH)));
            Tensor dc = lstm ? ws.allocate(b, h).copyFrom(RecurrentGradientTest.toFloat(RecurrentGradientTest.flatten(gC)))
                    : null;
            c.zeroGrad();
            RecurrentCell.Grads g = c.backward(s, dh, dc, ws);
            java.util.function.DoubleSupplier loss = () -> RnnReference.loss(ref.forward(x, ones, h0, c0), ones, zeroOut,
                    gH, gC, lstm);
            double[] fdx = new double[b * in];
            for (int bb = 0; bb < b; bb++) {
                for (int i = 0; i < in; i++) {
                    fdx[bb * in + i] = RecurrentGradientTest.fd(loss, x[bb][0], i);
                }
            }
            GRAD_TOL.check(ctx + ": dx", g.dx().toArray(), fdx);
            GRAD_TOL.check(ctx + ": dh", g.dh().toArray(),
                    RecurrentGradientTest.flatten(RecurrentGradientTest.fdStates(h0, loss)));
            if (lstm) {
                GRAD_TOL.check(ctx + ": dc", g.dc().toArray(),
                        RecurrentGradientTest.flatten(RecurrentGradientTest.fdStates(c0, loss)));
            }
            for (Parameter p : c.parameters()) {
                double[] values = ref.params.get(p.name() + "_l0");
                double[] want2 = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    want2[i] = RecurrentGradientTest.fd(loss, values, i);
                }
                GRAD_TOL.check(ctx + ": d " + p.name(), p.grad().toArray(), want2);
            }
        }
        ws.reset();
    }

    @Test
    void steppingACellOverASequenceEqualsTheLayer() {
        int in = 3;
        int h = 5;
        int steps = 4;
        int b = 2;
        try (LstmCell c = new LstmCell(in, h, true, alloc, 3);
             Lstm layer = new Lstm(RecurrentSpec.of(CellType.LSTM, in, h), alloc, 4)) {
            for (Parameter p : c.parameters()) {
                layer.parameter(p.name() + "_l0").value().copyFrom(p.value());
            }
            Tensor x = ws.allocate(steps, b, in);
            org.rnn4j.core.tensor.Init.normal(x, 0f, 1f, 9);
            RecurrentResult full = layer.forward(x, new int[] {steps, steps}, null, null, ws, false);
            Tensor out = layer.unpackOutput(full, ws);
            Tensor hs = null;
            Tensor cs = null;
            for (int t = 0; t < steps; t++) {
                RecurrentCell.Step s = c.forward(x.slice(t, t + 1).reshape(b, in), hs, cs, ws, false);
                hs = s.h();
                cs = s.c();
                assertArrayEquals(out.slice(t, t + 1).toArray(), hs.toArray(), 0f, "step " + t);
            }
            assertArrayEquals(full.cN().toArray(), cs.toArray(), 0f);
        }
    }

    @Test
    void badInputsAreNamed() {
        try (GruCell c = new GruCell(3, 4, true, alloc, 1)) {
            Tensor x = ws.allocate(2, 5);
            assertEquals("input size mismatch: x (2, 5), expected (batch, 3)",
                    assertThrows(IllegalArgumentException.class, () -> c.forward(x, null, null, ws, false)).getMessage());
            Tensor ok = ws.allocate(2, 3);
            Tensor h = ws.allocate(3, 4);
            assertEquals("Expected h of shape (2, 4), got (3, 4)",
                    assertThrows(IllegalArgumentException.class, () -> c.forward(ok, h, null, ws, false)).getMessage());
            RecurrentCell.Step s = c.forward(ok, null, null, ws, false);
            assertEquals(Shape.of(2, 4), s.h().shape());
            assertThrows(IllegalStateException.class, () -> c.backward(s, null, null, ws));
        }
    }
}

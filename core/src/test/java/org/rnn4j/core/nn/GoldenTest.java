package org.rnn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * Outputs, final states and every gradient against PyTorch 1.13 (float64) on a packed batch of
 * unsorted, uneven lengths; fixtures and the script that made them in resources/golden.
 * Tolerances as in RecurrentGradientTest (float layer vs double reference).
 */
class GoldenTest {
    static final Tolerance OUT_TOL = new Tolerance(2e-5, 1e-5);
    static final Tolerance GRAD_TOL = new Tolerance(1e-4, 1e-3);

    private final NativeAllocator alloc = new NativeAllocator("params");
    private final Workspace ws = new Workspace("step", 1 << 16);

    @AfterEach
    void close() {
        ws.close();
        alloc.close();
    }

    @Test
    void lstmTwoLayersBidirectional() {
        check("lstm_2layer_bidir");
    }

    @Test
    void lstmWithProjection() {
        check("lstm_proj");
    }

    @Test
    void gruTwoLayersBidirectional() {
        check("gru_2layer_bidir");
    }

    @Test
    void rnnTanh() {
        check("rnn_tanh_1layer");
    }

    @Test
    void rnnReluBidirectional() {
        check("rnn_relu_bidir");
    }

    void check(String name) {
        GoldenFile f = GoldenFile.load(name);
        CellType cell = CellType.valueOf(f.meta.get("mode"));
        RecurrentSpec spec = new RecurrentSpec(cell, f.metaInt("input_size"), f.metaInt("hidden_size"),
                f.metaInt("num_layers"), Boolean.parseBoolean(f.meta.get("bidirectional")), 0f, true, false,
                f.metaInt("proj_size"));
        boolean lstm = cell == CellType.LSTM;
        double[] len = f.get("lengths").data();
        int[] lengths = new int[len.length];
        for (int i = 0; i < len.length; i++) {
            lengths[i] = (int) len[i];
        }
        for (boolean staticMode : new boolean[] {false, true}) {
            String ctx = name + (staticMode ? " (static)" : " (dynamic)");
            try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, 0)) {
                int loaded = 0;
                for (Parameter p : layer.parameters()) {
                    assertEquals(Shape.of(f.get(p.name()).shape()), p.shape(), ctx + ": shape of " + p.name());
                    p.value().copyFrom(f.floats(p.name()));
                    loaded++;
                }
                long fixtureParams = f.tensors.keySet().stream().filter(k -> k.startsWith("weight_") || k.startsWith("bias_"))
                        .count();
                assertEquals(fixtureParams, loaded, ctx + ": parameter count");
                Tensor x = tensor(f, "x");
                Tensor h0 = tensor(f, "h0");
                Tensor c0 = lstm ? tensor(f, "c0") : null;
                int steps = x.dim(0);
                int batch = x.dim(1);
                RecurrentResult res = staticMode ? layer.forwardStatic(x, lengths, h0, c0, ws, true)
                        : layer.forward(x, lengths, h0, c0, ws, true);
                Tensor out = staticMode ? res.output().data().reshape(steps, batch, spec.outputWidth())
                        : layer.unpackOutput(res, ws);
                OUT_TOL.check(ctx + ": out", out.toArray(), f.get("out").data());
                OUT_TOL.check(ctx + ": h_n", res.hN().toArray(), f.get("h_n").data());
                if (lstm) {
                    OUT_TOL.check(ctx + ": c_n", res.cN().toArray(), f.get("c_n").data());
                }
                Tensor gOut = tensor(f, "g_out");
                Tensor dOut = staticMode ? gOut.reshape(steps * batch, spec.outputWidth())
                        : PackedSequence.pack(gOut, lengths, false, false, ws).data();
                layer.zeroGrad();
                RecurrentGrads g = layer.backward(res, dOut, tensor(f, "g_h"), lstm ? tensor(f, "g_c") : null, ws);
                Tensor dx = g.dInput();   // padded (T, B, inputSize), the layout x was given in
                GRAD_TOL.check(ctx + ": grad.x", dx.toArray(), f.get("grad.x").data());
                GRAD_TOL.check(ctx + ": grad.h0", g.dh0().toArray(), f.get("grad.h0").data());
                if (lstm) {
                    GRAD_TOL.check(ctx + ": grad.c0", g.dc0().toArray(), f.get("grad.c0").data());
                }
                for (Parameter p : layer.parameters()) {
                    GRAD_TOL.check(ctx + ": grad." + p.name(), p.grad().toArray(), f.get("grad." + p.name()).data());
                }
                assertTrue(loaded > 0);
            }
            ws.reset();
        }
    }

    Tensor tensor(GoldenFile f, String name) {
        Tensor t = ws.allocate(Shape.of(f.get(name).shape()));
        t.copyFrom(f.floats(name));
        return t;
    }
}

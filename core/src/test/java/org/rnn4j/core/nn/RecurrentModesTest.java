package org.rnn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/** Dynamic vs static, inference vs training, stateful streaming, dropout, and argument errors. */
class RecurrentModesTest {
    private final NativeAllocator alloc = new NativeAllocator("params");
    private final Workspace ws = new Workspace("step", 1 << 16);

    @AfterEach
    void close() {
        ws.close();
        alloc.close();
    }

    @Test
    void dynamicAndStaticAgreeAtValidPositionsInBothDirections() {
        int[] lengths = {6, 2, 4, 1, 5};
        for (CellType cell : CellType.values()) {
            RecurrentSpec spec = RecurrentSpec.of(cell, 3, 21).withLayers(2).withBidirectional(true);
            try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, 7)) {
                Tensor x = Init.normal(ws.allocate(6, 5, 3), 0f, 1f, 3);
                // padding holds garbage: neither mode may look at it
                for (int b = 0; b < 5; b++) {
                    for (int t = lengths[b]; t < 6; t++) {
                        for (int i = 0; i < 3; i++) {
                            x.setAt(1e3f, t, b, i);
                        }
                    }
                }
                RecurrentResult dyn = layer.forward(x, lengths, null, null, ws, false);
                RecurrentResult sta = layer.forwardStatic(x, lengths, null, null, ws, false);
                Tensor dynOut = layer.unpackOutput(dyn, ws);
                // static mode read the garbage but froze those rows; outputs match where real, zeros elsewhere
                new Tolerance(1e-5, 1e-5).check(cell + " output", sta.output().data().toArray(), toDouble(dynOut.toArray()));
                new Tolerance(1e-5, 1e-5).check(cell + " h_n", sta.hN().toArray(), toDouble(dyn.hN().toArray()));
                if (cell == CellType.LSTM) {
                    new Tolerance(1e-5, 1e-5).check(cell + " c_n", sta.cN().toArray(), toDouble(dyn.cN().toArray()));
                }
            }
            ws.reset();
        }
    }

    @Test
    void inferenceKeepsNoTraceAndComputesTheSameAsTraining() {
        RecurrentSpec spec = RecurrentSpec.of(CellType.LSTM, 4, 6).withProjSize(3).withBidirectional(true);
        try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, 1)) {
            Tensor x = Init.normal(ws.allocate(5, 3, 4), 0f, 1f, 2);
            int[] lengths = {5, 3, 4};
            long before = ws.bytesInUse();
            RecurrentResult inf = layer.forward(x, lengths, null, null, ws, false);
            long inferenceBytes = ws.bytesInUse() - before;
            assertNull(inf.trace());
            before = ws.bytesInUse();
            RecurrentResult tr = layer.forward(x, lengths, null, null, ws, true);
            long trainingBytes = ws.bytesInUse() - before;
            assertArrayEquals(tr.output().data().toArray(), inf.output().data().toArray(), 0f);
            assertArrayEquals(tr.hN().toArray(), inf.hN().toArray(), 0f);
            assertFalse(inferenceBytes >= trainingBytes, inferenceBytes + " vs " + trainingBytes);
            assertThrows(IllegalStateException.class, () -> layer.backward(inf, null, null, null, ws));
        }
    }

    @Test
    void streamingChunksWithCarriedStatesEqualsOnePass() {
        for (CellType cell : CellType.values()) {
            RecurrentSpec spec = RecurrentSpec.of(cell, 2, 5).withLayers(2);
            try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, 11)) {
                int steps = 9;
                Tensor x = Init.normal(ws.allocate(steps, 2, 2), 0f, 1f, 4);
                RecurrentResult whole = layer.forward(x, new int[] {steps, steps}, null, null, ws, false);
                Tensor wholeOut = layer.unpackOutput(whole, ws);
                Tensor h = null;
                Tensor c = null;
                int[][] chunks = {{0, 4}, {4, 5}, {5, 9}};
                for (int[] ch : chunks) {
                    int len = ch[1] - ch[0];
                    RecurrentResult part = layer.forward(x.slice(ch[0], ch[1]), new int[] {len, len}, h, c, ws, false);
                    assertArrayEquals(wholeOut.slice(ch[0], ch[1]).toArray(), layer.unpackOutput(part, ws).toArray(), 0f,
                            cell + " chunk " + ch[0]);
                    h = part.hN();
                    c = part.cN();
                }
                assertArrayEquals(whole.hN().toArray(), h.toArray(), 0f);
            }
            ws.reset();
        }
    }

    @Test
    void aBatchOfOneWorksInBothModesAndBackward() {
        for (CellType cell : CellType.values()) {
            RecurrentSpec spec = RecurrentSpec.of(cell, 3, 5).withBidirectional(true);
            try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, 2)) {
                Tensor x = Init.normal(ws.allocate(4, 1, 3), 0f, 1f, 6);
                RecurrentResult dyn = layer.forward(x, new int[] {4}, null, null, ws, true);
                RecurrentResult sta = layer.forwardStatic(x, new int[] {4}, null, null, ws, false);
                assertArrayEquals(dyn.output().data().toArray(), sta.output().data().toArray(), 1e-6f, cell.name());
                RecurrentGrads g = layer.backward(dyn, dyn.output().data(), null, null, ws);
                assertEquals(org.rnn4j.core.tensor.Shape.of(4, 1, 3), g.dInput().shape(), "the layout x was given in");
            }
            ws.reset();
        }
    }

    @Test
    void dropoutOnlyInTrainingBetweenLayersAndSeeded() {
        RecurrentSpec spec = RecurrentSpec.of(CellType.GRU, 3, 8).withLayers(2).withDropout(0.5f);
        try (RecurrentLayer a = RecurrentLayer.create(spec, alloc, 5);
             RecurrentLayer b = RecurrentLayer.create(spec, alloc, 5);
             RecurrentLayer noDrop = RecurrentLayer.create(spec.withDropout(0f), alloc, 5)) {
            Tensor x = Init.normal(ws.allocate(4, 2, 3), 0f, 1f, 1);
            int[] len = {4, 3};
            float[] eval = a.forward(x, len, null, null, ws, false).output().data().toArray();
            float[] plain = noDrop.forward(x, len, null, null, ws, true).output().data().toArray();
            assertArrayEquals(plain, eval, 0f, "no dropout at inference");
            float[] ta = a.forward(x, len, null, null, ws, true).output().data().toArray();
            float[] tb = b.forward(x, len, null, null, ws, true).output().data().toArray();
            assertArrayEquals(ta, tb, 0f, "same seed, same masks");
            assertFalse(java.util.Arrays.equals(ta, eval), "training applies dropout");
        }
    }

    @Test
    void argumentErrorsNameTheProblem() {
        assertEquals("projSize has to be smaller than hiddenSize (4 >= 4)",
                assertThrows(IllegalArgumentException.class,
                        () -> RecurrentSpec.of(CellType.LSTM, 3, 4).withProjSize(4)).getMessage());
        assertEquals("hiddenSize must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> RecurrentSpec.of(CellType.GRU, 3, 0)).getMessage());
        assertEquals("projSize is only supported for LSTM, not GRU",
                assertThrows(IllegalArgumentException.class,
                        () -> RecurrentSpec.of(CellType.GRU, 3, 4).withProjSize(2)).getMessage());
        try (RecurrentLayer layer = RecurrentLayer.create(RecurrentSpec.of(CellType.LSTM, 3, 4).withLayers(2), alloc, 0)) {
            Tensor x = ws.allocate(2, 2, 5);
            assertEquals("input size mismatch: packed input (3, 5) has 5 features but the layer expects inputSize 3",
                    assertThrows(IllegalArgumentException.class,
                            () -> layer.forward(x, new int[] {2, 1}, null, null, ws, false)).getMessage());
            Tensor ok = ws.allocate(2, 2, 3);
            Tensor h0 = ws.allocate(1, 2, 4);
            assertEquals("Expected h0 of shape (2, 2, 4) (layers * directions, batch, size), got (1, 2, 4)",
                    assertThrows(IllegalArgumentException.class,
                            () -> layer.forward(ok, new int[] {2, 1}, h0, null, ws, false)).getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(ok, new int[] {2, 0}, null, null, ws, false));
            assertEquals("no parameter 'weight_ih_l2' in Lstm; it has [weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0,"
                    + " weight_ih_l1, weight_hh_l1, bias_ih_l1, bias_hh_l1]",
                    assertThrows(IllegalArgumentException.class, () -> layer.parameter("weight_ih_l2")).getMessage());
        }
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}

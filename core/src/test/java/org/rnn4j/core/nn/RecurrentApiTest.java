package org.rnn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.io.Safetensors;
import org.rnn4j.core.io.SafetensorsException;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * The recurrent layer as a PyTorch user drives it: gradients given and returned in the layout of
 * the input, total_length, static mode batch-first, transpose, loading a state dict. Each check
 * compares against the packed path, which GoldenTest and RecurrentGradientTest hold to PyTorch and
 * to finite differences.
 */
class RecurrentApiTest {
    private final NativeAllocator alloc = new NativeAllocator("api test");
    private final Workspace ws = new Workspace("api test", 1 << 20);
    private static final int[] LENGTHS = {3, 5, 1, 4};   // unsorted, with a length-1 sequence
    private static final int T = 7;                      // padded past the longest (total_length)

    @AfterEach
    void close() {
        ws.close();
        alloc.close();
    }

    private static List<RecurrentSpec> specs() {
        return List.of(RecurrentSpec.of(CellType.LSTM, 3, 4).withLayers(2).withBidirectional(true),
                RecurrentSpec.of(CellType.GRU, 3, 5).withBatchFirst(true),
                RecurrentSpec.of(CellType.RNN_TANH, 2, 3).withBidirectional(true).withBatchFirst(true));
    }

    private Tensor padded(RecurrentSpec spec, int width, long seed) {
        Shape s = spec.batchFirst() ? Shape.of(LENGTHS.length, T, width) : Shape.of(T, LENGTHS.length, width);
        return Init.normal(ws.allocate(s), 0f, 1f, seed);
    }

    /** Zeros past each sequence's end in a padded tensor. */
    private static float[] masked(Tensor padded, boolean batchFirst) {
        float[] a = padded.toArray();
        int b = LENGTHS.length;
        int w = padded.dim(2);
        for (int s = 0; s < b; s++) {
            for (int t = LENGTHS[s]; t < T; t++) {
                int row = batchFirst ? s * T + t : t * b + s;
                java.util.Arrays.fill(a, row * w, (row + 1) * w, 0f);
            }
        }
        return a;
    }

    private static float[] grads(RecurrentLayer layer) {
        return layer.parameters().stream().map(p -> p.grad().toArray()).reduce(new float[0], (x, y) -> {
            float[] z = java.util.Arrays.copyOf(x, x.length + y.length);
            System.arraycopy(y, 0, z, x.length, y.length);
            return z;
        });
    }

    @Test
    void backwardTakesThePaddedGradientAndReturnsTheInputGradientPadded() {
        long seed = 1;
        for (RecurrentSpec spec : specs()) {
            try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, seed++)) {
                Tensor x = padded(spec, spec.inputSize(), seed++);
                RecurrentResult r = layer.forward(x, LENGTHS, null, null, ws, true);
                Tensor gPadded = padded(spec, spec.outputWidth(), seed++);

                layer.zeroGrad();
                Tensor packedG = PackedSequence.pack(gPadded, LENGTHS, spec.batchFirst(), false, ws).data();
                assertArrayEquals(packedG.toArray(), r.packLike(gPadded, ws).toArray(), "packLike packs like the result");
                RecurrentGrads viaRows = layer.backward(r, packedG, null, null, ws);
                float[] rowGrads = grads(layer);

                layer.zeroGrad();
                RecurrentGrads viaPadded = layer.backward(r, gPadded, null, null, ws);
                assertArrayEquals(rowGrads, grads(layer), spec + ": parameter gradients");
                assertArrayEquals(viaRows.dh0().toArray(), viaPadded.dh0().toArray(), spec + ": dh0");

                // The input gradient comes back in x's own layout and shape (T past the longest too).
                assertEquals(x.shape(), viaPadded.dInput().shape(), spec.toString());
                Tensor packedDx = PackedSequence.pack(viaPadded.dInput(), LENGTHS, spec.batchFirst(), false, ws).data();
                RecurrentResult packedRun = layer.forward(PackedSequence.pack(x, LENGTHS, spec.batchFirst(), false, ws),
                        null, null, ws, true);
                layer.zeroGrad();
                RecurrentGrads packedGrads = layer.backward(packedRun, packedG, null, null, ws);
                assertEquals(packedRun.output().data().shape().dim(0), packedGrads.dInput().dim(0), "packed in, packed out");
                assertArrayEquals(packedGrads.dInput().toArray(), packedDx.toArray(), 1e-7f, spec.toString());
                assertArrayEquals(masked(viaPadded.dInput(), spec.batchFirst()), viaPadded.dInput().toArray(),
                        spec + ": zeros past each end");
            }
            ws.reset();
        }
    }

    @Test
    void unpackOutputPadsToATotalLength() {
        RecurrentSpec spec = specs().getFirst();
        try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, 4)) {
            RecurrentResult r = layer.forward(padded(spec, spec.inputSize(), 5), LENGTHS, null, null, ws, false);
            Tensor shortest = layer.unpackOutput(r, ws);
            Tensor longer = layer.unpackOutput(r, T, ws);
            assertEquals(Shape.of(5, LENGTHS.length, spec.outputWidth()), shortest.shape());
            assertEquals(Shape.of(T, LENGTHS.length, spec.outputWidth()), longer.shape());
            float[] l = longer.toArray();
            float[] s = shortest.toArray();
            assertArrayEquals(s, java.util.Arrays.copyOf(l, s.length));
            for (int i = s.length; i < l.length; i++) {
                assertEquals(0f, l[i]);
            }
            var e = assertThrows(IllegalArgumentException.class, () -> layer.unpackOutput(r, 4, ws));
            assertEquals("total length 4 is shorter than the longest sequence (5 steps)", e.getMessage());
        }
    }

    @Test
    void staticModeTakesBatchFirstInputAndMatchesDynamicMode() {
        long seed = 20;
        for (RecurrentSpec spec : specs()) {
            if (!spec.batchFirst()) {
                continue;
            }
            try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, seed++)) {
                Tensor x = padded(spec, spec.inputSize(), seed++);
                Tensor dyn = layer.unpackOutput(layer.forward(x, LENGTHS, null, null, ws, false), T, ws);
                RecurrentResult sta = layer.forwardStatic(x, LENGTHS, null, null, ws, true);
                Tensor staOut = layer.unpackOutput(sta, ws);
                assertEquals(dyn.shape(), staOut.shape());
                assertArrayEquals(dyn.toArray(), masked(staOut, true), 1e-6f, spec.toString());
                Tensor g = padded(spec, spec.outputWidth(), seed++);
                layer.zeroGrad();
                RecurrentGrads gs = layer.backward(sta, g, null, null, ws);
                float[] staticGrads = grads(layer);
                assertEquals(x.shape(), gs.dInput().shape(), "batch-first in, batch-first out");
                layer.zeroGrad();
                RecurrentGrads gd = layer.backward(layer.forward(x, LENGTHS, null, null, ws, true), g, null, null, ws);
                assertArrayEquals(grads(layer), staticGrads, 1e-5f, spec + ": same gradients as dynamic mode");
                assertArrayEquals(gd.dInput().toArray(), masked(gs.dInput(), true), 1e-5f, spec.toString());
            }
            ws.reset();
        }
    }

    @Test
    void transposeSwapsAnyTwoAxes() {
        Tensor x = Init.normal(ws.allocate(2, 3, 4, 5), 0f, 1f, 9);
        float[] a = x.toArray();
        int[][] pairs = {{0, 1}, {1, 2}, {2, 3}, {0, 3}, {1, 1}};
        for (int[] p : pairs) {
            Tensor y = x.transpose(p[0], p[1], ws);
            int[] d = {2, 3, 4, 5};
            int[] e = d.clone();
            e[p[0]] = d[p[1]];
            e[p[1]] = d[p[0]];
            assertEquals(Shape.of(e), y.shape());
            for (int i0 = 0; i0 < 2; i0++) {
                for (int i1 = 0; i1 < 3; i1++) {
                    for (int i2 = 0; i2 < 4; i2++) {
                        for (int i3 = 0; i3 < 5; i3++) {
                            int[] i = {i0, i1, i2, i3};
                            int[] j = i.clone();
                            j[p[0]] = i[p[1]];
                            j[p[1]] = i[p[0]];
                            assertEquals(a[((i0 * 3 + i1) * 4 + i2) * 5 + i3], y.at(j), java.util.Arrays.toString(p));
                        }
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> x.transpose(0, 4, ws));
        Tensor y = Init.normal(ws.allocate(1, 3, 1), 0f, 1f, 4);   // size-1 axes, the last one swapped
        Tensor z = y.transpose(0, 2, ws);
        assertEquals(Shape.of(1, 3, 1), z.shape());
        assertArrayEquals(y.toArray(), z.toArray());
        Tensor w = Init.normal(ws.allocate(2, 3), 0f, 1f, 5).transpose(0, 1, ws);
        assertEquals(Shape.of(3, 2), w.shape());
    }

    @Test
    void staticModeTakesALongerPaddedGradientAndZeroesTheInputGradientPastEachEnd() {
        RecurrentSpec spec = specs().get(1);   // batch-first GRU
        try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, 31)) {
            Tensor x = padded(spec, spec.inputSize(), 32);
            RecurrentResult sta = layer.forwardStatic(x, LENGTHS, null, null, ws, true);
            Tensor g = Init.normal(ws.allocate(LENGTHS.length, T + 2, spec.outputWidth()), 0f, 1f, 33);
            RecurrentGrads gs = layer.backward(sta, g, null, null, ws);
            assertEquals(x.shape(), gs.dInput().shape());
            float[] dx = gs.dInput().toArray();
            float[] masked = masked(gs.dInput(), true);
            assertArrayEquals(masked, dx, "zeros past each sequence's end");
        }
    }

    @Test
    void aLayerBuildsFromAStateDictStrictly(@TempDir Path dir) throws Exception {
        RecurrentSpec spec = specs().getFirst();
        try (RecurrentLayer a = RecurrentLayer.create(spec, alloc, 77)) {
            Map<String, Tensor> sd = new LinkedHashMap<>();
            a.parameters().forEach(p -> sd.put(p.name(), p.value()));
            Tensor x = padded(spec, spec.inputSize(), 3);
            float[] expected = a.unpackOutput(a.forward(x, LENGTHS, null, null, ws, false), ws).toArray();
            try (RecurrentLayer b = RecurrentLayer.fromStateDict(spec, sd, alloc)) {
                assertArrayEquals(expected, b.unpackOutput(b.forward(x, LENGTHS, null, null, ws, false), ws).toArray());
            }
            Map<String, Tensor> extra = new LinkedHashMap<>(sd);
            extra.put("weight_ih_l2", sd.get("weight_ih_l0"));
            var e = assertThrows(IllegalArgumentException.class, () -> RecurrentLayer.fromStateDict(spec, extra, alloc));
            assertTrue(e.getMessage().contains("unexpected 'weight_ih_l2'"), e.getMessage());
            RecurrentLayer.fromStateDict(spec, extra, alloc, false).close();   // lenient: extra ignored
            Map<String, Tensor> missing = new LinkedHashMap<>(sd);
            missing.remove("bias_hh_l1_reverse");
            missing.put("weight_hh_l0", ws.allocate(3, 3));
            e = assertThrows(IllegalArgumentException.class, () -> RecurrentLayer.fromStateDict(spec, missing, alloc));
            assertTrue(e.getMessage().contains("'weight_hh_l0' is (3, 3), the layer needs (16, 4)")
                    && e.getMessage().contains("missing 'bias_hh_l1_reverse' (16,)"), e.getMessage());

            // From a file, as PyTorch's state_dict of a model whose LSTM is 'encoder.rnn'.
            Map<String, Tensor> prefixed = new LinkedHashMap<>();
            sd.forEach((k, v) -> prefixed.put("encoder.rnn." + k, v));
            prefixed.put("decoder.weight", ws.allocate(2, 2));
            Path file = dir.resolve("model.safetensors");
            Safetensors.write(file, prefixed);
            try (RecurrentLayer c = Safetensors.recurrentLayer(file, "encoder.rnn.", spec, alloc)) {
                assertArrayEquals(expected, c.unpackOutput(c.forward(x, LENGTHS, null, null, ws, false), ws).toArray());
            }
            long inUse = alloc.bytesInUse();
            var fe = assertThrows(SafetensorsException.class, () -> Safetensors.recurrentLayer(file, "decoder.", spec,
                    alloc));
            assertTrue(fe.getMessage().startsWith(file + ": state dict does not fit Lstm"), fe.getMessage());
            assertTrue(fe.getMessage().contains("unexpected 'decoder.weight'"), fe.getMessage());
            assertEquals(inUse, alloc.bytesInUse(), "nothing left allocated by a failed load");
        }
    }
}

package org.rnn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * Forward outputs and every gradient (all parameters, the input, h0, c0) of the float layer
 * against {@link RnnReference} in double: outputs directly, gradients by central finite
 * differences of the reference's loss. Dynamic and static modes both. Shapes: a packed batch of
 * uneven, unsorted lengths; hidden sizes below and above the vector width (so both the scalar
 * tails and the SIMD bodies run).
 *
 * <p>Tolerance (NOTE [tolerance]): outputs atol 2e-5 (float rounding over a few steps of O(1)
 * values); gradients atol 1e-4 + rtol 1e-3 (float backward vs an O(eps^2 + 1e-16/eps) ~ 1e-9
 * accurate difference quotient).
 */
class RecurrentGradientTest {
    static final int L = Kernels.S.length();
    static final int[] LENGTHS = {3, 5, 1, 4};
    static final int T = 5;
    static final Tolerance OUT_TOL = new Tolerance(2e-5, 1e-5);
    static final Tolerance GRAD_TOL = new Tolerance(1e-4, 1e-3);

    private final NativeAllocator alloc = new NativeAllocator("params");
    private final Workspace ws = new Workspace("step", 1 << 16);

    @AfterEach
    void close() {
        ws.close();
        alloc.close();
    }

    static List<RecurrentSpec> specs() {
        List<RecurrentSpec> s = new ArrayList<>();
        s.add(RecurrentSpec.of(CellType.RNN_TANH, 3, 4));
        s.add(RecurrentSpec.of(CellType.RNN_RELU, 3, 4).withLayers(2).withBidirectional(true));
        s.add(RecurrentSpec.of(CellType.GRU, 3, 4).withBidirectional(true));
        s.add(RecurrentSpec.of(CellType.GRU, 3, 4).withLayers(2));
        s.add(RecurrentSpec.of(CellType.LSTM, 3, 4).withBias(false));
        s.add(RecurrentSpec.of(CellType.LSTM, 3, 4).withLayers(2).withBidirectional(true));
        s.add(RecurrentSpec.of(CellType.LSTM, 3, 5).withLayers(2).withBidirectional(true).withProjSize(2));
        s.add(RecurrentSpec.of(CellType.LSTM, 2, 3).withBidirectional(true).withBatchFirst(true));
        // hidden sizes past the vector width: the SIMD bodies and their tails
        s.add(RecurrentSpec.of(CellType.LSTM, 5, L + 3).withBidirectional(true));
        s.add(RecurrentSpec.of(CellType.GRU, 5, L + 3).withLayers(2));
        s.add(RecurrentSpec.of(CellType.RNN_TANH, 4, 2 * L + 1).withBidirectional(true));
        return s;
    }

    @Test
    void dynamicModeMatchesTheDoubleReferenceAndFiniteDifferences() {
        long seed = 100;
        for (RecurrentSpec spec : specs()) {
            check(spec, seed++, false);
        }
    }

    @Test
    void staticModeMatchesTheDoubleReferenceAndFiniteDifferences() {
        long seed = 200;
        for (RecurrentSpec spec : specs()) {
            check(spec, seed++, true);   // batch-first specs too: static mode takes either layout
        }
    }

    void check(RecurrentSpec spec, long seed, boolean staticMode) {
        String ctx = spec + (staticMode ? " static" : " dynamic") + ", seed " + seed + ", " + Kernels.describe();
        Random r = new Random(seed);
        int b = LENGTHS.length;
        int k = spec.numLayers() * spec.directions();
        boolean lstm = spec.cell() == CellType.LSTM;
        double[][][] x = rand(r, b, T, spec.inputSize());
        double[][][] h0 = rand(r, k, b, spec.outSize());
        double[][][] c0 = lstm ? rand(r, k, b, spec.hiddenSize()) : null;
        double[][][] gOut = rand(r, b, T, spec.outputWidth());
        double[][][] gH = rand(r, k, b, spec.outSize());
        double[][][] gC = lstm ? rand(r, k, b, spec.hiddenSize()) : null;

        try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, seed)) {
            RnnReference ref = RnnReference.of(layer);
            RnnReference.Out expected = ref.forward(x, LENGTHS, h0, c0);

            Tensor xt = padded(x, spec.batchFirst());
            Tensor h0t = states(h0);
            Tensor c0t = lstm ? states(c0) : null;
            RecurrentResult res = staticMode ? layer.forwardStatic(xt, LENGTHS, h0t, c0t, ws, true)
                    : layer.forward(xt, LENGTHS, h0t, c0t, ws, true);
            Tensor outPadded = layer.unpackOutput(res, ws);
            OUT_TOL.check(ctx + ": output", outPadded.toArray(), flattenPadded(expected.out(), spec.outputWidth(),
                    spec.batchFirst()));
            OUT_TOL.check(ctx + ": h_n", res.hN().toArray(), flatten(expected.hN()));
            if (lstm) {
                OUT_TOL.check(ctx + ": c_n", res.cN().toArray(), flatten(expected.cN()));
            }

            Tensor gOutPadded = padded(gOut, spec.batchFirst());
            // Static mode takes the padded gradient as it is; dynamic mode the packed rows.
            Tensor dOut = staticMode ? gOutPadded : PackedSequence.pack(gOutPadded, LENGTHS, spec.batchFirst(), false, ws)
                    .data();
            layer.zeroGrad();
            RecurrentGrads grads = layer.backward(res, dOut, states(gH), lstm ? states(gC) : null, ws);

            // Gradient of the input, compared at real steps.
            Tensor dxPadded = grads.dInput();   // in the layout xt was given in (batch-first or not)
            double[][][] fdX = new double[b][T][spec.inputSize()];
            for (int bb = 0; bb < b; bb++) {
                for (int t = 0; t < LENGTHS[bb]; t++) {
                    for (int i = 0; i < spec.inputSize(); i++) {
                        double[] cell = x[bb][t];
                        int ii = i;
                        fdX[bb][t][i] = fd(() -> RnnReference.loss(ref.forward(x, LENGTHS, h0, c0), LENGTHS, gOut, gH, gC,
                                lstm), cell, ii);
                    }
                }
            }
            GRAD_TOL.check(ctx + ": d input", dxPadded.toArray(), flattenPadded(fdX, spec.inputSize(), spec.batchFirst()));
            GRAD_TOL.check(ctx + ": d h0", grads.dh0().toArray(), flatten(fdStates(h0, () ->
                    RnnReference.loss(ref.forward(x, LENGTHS, h0, c0), LENGTHS, gOut, gH, gC, lstm))));
            if (lstm) {
                GRAD_TOL.check(ctx + ": d c0", grads.dc0().toArray(), flatten(fdStates(c0, () ->
                        RnnReference.loss(ref.forward(x, LENGTHS, h0, c0), LENGTHS, gOut, gH, gC, lstm))));
            }
            // Every parameter: all entries of small ones, a seeded sample of 40 of large ones.
            for (Parameter p : layer.parameters()) {
                double[] values = ref.params.get(p.name());
                float[] grad = p.grad().toArray();
                Random pick = new Random(seed ^ p.name().hashCode());
                int samples = Math.min(values.length, 40);
                float[] got = new float[samples];
                double[] want = new double[samples];
                for (int s = 0; s < samples; s++) {
                    int idx = values.length <= 40 ? s : pick.nextInt(values.length);
                    got[s] = grad[idx];
                    want[s] = fd(() -> RnnReference.loss(ref.forward(x, LENGTHS, h0, c0), LENGTHS, gOut, gH, gC, lstm),
                            values, idx);
                }
                GRAD_TOL.check(ctx + ": d " + p.name(), got, want);
            }
        }
        ws.reset();
    }

    /** Central difference of f with respect to a[i], eps 1e-6. */
    static double fd(java.util.function.DoubleSupplier f, double[] a, int i) {
        double eps = 1e-6;
        double keep = a[i];
        a[i] = keep + eps;
        double up = f.getAsDouble();
        a[i] = keep - eps;
        double down = f.getAsDouble();
        a[i] = keep;
        return (up - down) / (2 * eps);
    }

    static double[][][] fdStates(double[][][] s, java.util.function.DoubleSupplier f) {
        double[][][] g = new double[s.length][s[0].length][];
        for (int k = 0; k < s.length; k++) {
            for (int b = 0; b < s[k].length; b++) {
                g[k][b] = new double[s[k][b].length];
                for (int j = 0; j < s[k][b].length; j++) {
                    g[k][b][j] = fd(f, s[k][b], j);
                }
            }
        }
        return g;
    }

    /** Random values rounded to float, so the float layer and the reference see the same inputs. */
    static double[][][] rand(Random r, int a, int b, int c) {
        double[][][] v = new double[a][b][c];
        for (double[][] m : v) {
            for (double[] row : m) {
                for (int i = 0; i < c; i++) {
                    row[i] = (float) r.nextGaussian();
                }
            }
        }
        return v;
    }

    /** x[b][t][f] as a padded tensor (T, B, F) or (B, T, F), zero past each length. */
    Tensor padded(double[][][] x, boolean batchFirst) {
        int b = x.length;
        int f = x[0][0].length;
        Tensor t = batchFirst ? ws.allocate(b, T, f) : ws.allocate(T, b, f);
        for (int bb = 0; bb < b; bb++) {
            for (int s = 0; s < LENGTHS[bb]; s++) {
                for (int i = 0; i < f; i++) {
                    if (batchFirst) {
                        t.setAt((float) x[bb][s][i], bb, s, i);
                    } else {
                        t.setAt((float) x[bb][s][i], s, bb, i);
                    }
                }
            }
        }
        return t;
    }

    Tensor states(double[][][] s) {
        Tensor t = ws.allocate(s.length, s[0].length, s[0][0].length);
        t.copyFrom(toFloat(flatten(s)));
        return t;
    }

    static double[] flattenPadded(double[][][] perSeq, int f, boolean batchFirst) {
        int b = perSeq.length;
        double[] out = new double[T * b * f];
        for (int bb = 0; bb < b; bb++) {
            for (int t = 0; t < LENGTHS[bb]; t++) {
                for (int i = 0; i < f; i++) {
                    int idx = batchFirst ? (bb * T + t) * f + i : (t * b + bb) * f + i;
                    out[idx] = perSeq[bb][t][i];
                }
            }
        }
        return out;
    }

    static double[] flatten(double[][][] s) {
        List<Double> v = new ArrayList<>();
        for (double[][] m : s) {
            for (double[] row : m) {
                for (double d : row) {
                    v.add(d);
                }
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void theReferenceLossIsLinearInTheWeights() {
        // Guards the harness itself: d loss / d gOut[b][t][j] must equal the output.
        RecurrentSpec spec = RecurrentSpec.of(CellType.GRU, 2, 3);
        try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, 1)) {
            RnnReference ref = RnnReference.of(layer);
            Random r = new Random(5);
            double[][][] x = rand(r, 4, T, 2);
            double[][][] gOut = rand(r, 4, T, 3);
            double[][][] gH = rand(r, 1, 4, 3);
            RnnReference.Out o = ref.forward(x, LENGTHS, null, null);
            double d = fd(() -> RnnReference.loss(ref.forward(x, LENGTHS, null, null), LENGTHS, gOut, gH, null, false),
                    gOut[1][2], 1);
            assertEquals(o.out()[1][2][1], d, 1e-8);
        }
    }
}

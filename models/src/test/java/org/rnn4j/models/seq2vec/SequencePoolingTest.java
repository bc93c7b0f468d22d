package org.rnn4j.models.seq2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.autograd.Pointwise;
import org.rnn4j.core.autograd.Reduce;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * The pooling functions: forward against a double reference, backward against central finite
 * differences of that reference (loss sum(y * w) with fixed random w), as core's GradCheck does;
 * and LAST pooling against h_n and the output rows picked by hand.
 */
class SequencePoolingTest {
    static final double FWD_ATOL = 1e-5;
    static final double FWD_RTOL = 1e-5;
    static final double GRAD_ATOL = 1e-4;
    static final double GRAD_RTOL = 1e-3;

    /** Lengths in no order, with ties, a length-1 sequence and the longest twice. */
    static final int[][] LENGTHS = {{3, 1, 5, 2, 5}, {1}, {4}, {1, 1, 1}, {2, 7, 7, 3, 1, 6}};

    /** Packed row of (sequence i, step t) for these lengths. */
    static int[][] rowOf(int[] lengths) {
        PackedSequence.Structure st = PackedSequence.structure(lengths);
        int[][] row = new int[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            row[i] = new int[lengths[i]];
        }
        for (int r = 0; r < st.rows(); r++) {
            row[st.rowSequence()[r]][st.rowStep()[r]] = r;
        }
        return row;
    }

    static double[] refMean(double[] x, int[] lengths, int c) {
        int[][] row = rowOf(lengths);
        double[] y = new double[lengths.length * c];
        for (int i = 0; i < lengths.length; i++) {
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int t = 0; t < lengths[i]; t++) {
                    s += x[row[i][t] * c + j];
                }
                y[i * c + j] = s / lengths[i];
            }
        }
        return y;
    }

    static double[] refMax(double[] x, int[] lengths, int c) {
        int[][] row = rowOf(lengths);
        double[] y = new double[lengths.length * c];
        for (int i = 0; i < lengths.length; i++) {
            for (int j = 0; j < c; j++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < lengths[i]; t++) {
                    m = Math.max(m, x[row[i][t] * c + j]);
                }
                y[i * c + j] = m;
            }
        }
        return y;
    }

    interface PoolOp {
        Var apply(Tape tape, Var rows, PackedSequence layout);
    }

    static void check(String name, long seed, int[] lengths, int c, PoolOp op, Function<double[], double[]> ref) {
        Random r = new Random(seed);
        int n = 0;
        for (int l : lengths) {
            n += l;
        }
        double[] x = new double[n * c];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();   // exactly representable in float
        }
        double[] yRef = ref.apply(x);
        double[] w = new double[yRef.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        try (Workspace ws = new Workspace("pooling check", 1 << 16)) {
            Tape tape = new Tape(ws);
            float[] xf = new float[x.length];
            for (int i = 0; i < xf.length; i++) {
                xf[i] = (float) x[i];
            }
            Var xv = tape.input(ws.allocate(Shape.of(n, c)).copyFrom(xf));
            PackedSequence layout = PackedSequence.structure(lengths).withData(xv.value());
            Var y = op.apply(tape, xv, layout);
            assertEquals(Shape.of(lengths.length, c), y.shape(), name);
            close(name + " forward", y.value().toArray(), yRef, FWD_ATOL, FWD_RTOL);
            float[] wf = new float[w.length];
            for (int i = 0; i < wf.length; i++) {
                wf[i] = (float) w[i];
            }
            Var loss = Reduce.sum(Pointwise.mul(y, tape.constant(ws.allocate(y.shape()).copyFrom(wf))));
            tape.backward(loss);
            double[] fd = new double[x.length];
            double eps = 1e-6;
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                x[i] = keep + eps;
                double up = dot(ref.apply(x), w);
                x[i] = keep - eps;
                double down = dot(ref.apply(x), w);
                x[i] = keep;
                fd[i] = (up - down) / (2 * eps);
            }
            float[] got = xv.grad() == null ? new float[fd.length] : xv.grad().toArray();
            close(name + " gradient", got, fd, GRAD_ATOL, GRAD_RTOL);
        }
    }

    static void close(String what, float[] got, double[] want, double atol, double rtol) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < got.length; i++) {
            double tol = atol + rtol * Math.abs(want[i]);
            assertTrue(Math.abs(got[i] - want[i]) <= tol, what + " [" + i + "]: got " + got[i] + ", want " + want[i]);
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void meanOverValidStepsMatchesReferenceAndFiniteDifferences() {
        int seed = 0;
        for (int[] lengths : LENGTHS) {
            for (int c : new int[] {1, 3, 17}) {
                check("mean " + java.util.Arrays.toString(lengths) + " c=" + c, seed++, lengths, c,
                        SequencePooling::mean, x -> refMean(x, lengths, c));
            }
        }
    }

    @Test
    void maxOverValidStepsMatchesReferenceAndFiniteDifferences() {
        int seed = 100;
        for (int[] lengths : LENGTHS) {
            for (int c : new int[] {1, 3, 17}) {
                check("max " + java.util.Arrays.toString(lengths) + " c=" + c, seed++, lengths, c,
                        (tape, rows, layout) -> SequencePooling.max(rows, layout), x -> refMax(x, lengths, c));
            }
        }
    }

    @Test
    void maxIgnoresStepsPastTheEndEvenWhenTheyWouldWin() {
        // Sequence 0 has 1 step of -5; sequence 1 has 3 steps. Padding must never enter the max
        // (a zero there would beat -5), and the gradient goes only to real rows.
        try (Workspace ws = new Workspace("t", 1 << 12)) {
            Tape tape = new Tape(ws);
            int[] lengths = {1, 3};
            int[][] row = rowOf(lengths);
            float[] x = new float[4];
            x[row[0][0]] = -5f;
            x[row[1][0]] = -1f;
            x[row[1][1]] = -3f;
            x[row[1][2]] = -2f;
            Var xv = tape.input(ws.allocate(4, 1).copyFrom(x));
            PackedSequence layout = PackedSequence.structure(lengths).withData(xv.value());
            Var y = SequencePooling.max(xv, layout);
            assertEquals(-5f, y.value().get(0));
            assertEquals(-1f, y.value().get(1));
            Var m = SequencePooling.mean(tape, xv, layout);
            assertEquals(-5f, m.value().get(0));
            assertEquals(-2f, m.value().get(1), 1e-6f);
            tape.backward(Reduce.sum(y));
            float[] g = xv.grad().toArray();
            assertEquals(1f, g[row[0][0]]);
            assertEquals(1f, g[row[1][0]]);
            assertEquals(0f, g[row[1][1]]);
            assertEquals(0f, g[row[1][2]]);
        }
    }

    @Test
    void lastPoolingOfABidirectionalStackIsHnOfBothDirections() {
        int[] lengths = {4, 1, 6, 3, 6, 2};
        int hidden = 5;
        for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
            Seq2VecSpec spec = Seq2VecSpec.features(3, hidden, 2).withCell(cell).withLayers(2).withBidirectional(true);
            Random r = new Random(7);
            float[][][] feats = new float[lengths.length][][];
            for (int i = 0; i < lengths.length; i++) {
                feats[i] = new float[lengths[i]][3];
                for (float[] v : feats[i]) {
                    for (int j = 0; j < 3; j++) {
                        v[j] = (float) r.nextGaussian();
                    }
                }
            }
            try (NativeAllocator params = new NativeAllocator("p");
                 Workspace ws = new Workspace("t", 1 << 16);
                 Seq2Vec model = new Seq2Vec(spec, params, 3)) {
                Tape tape = new Tape(ws);
                Seq2Vec.Encoded enc = model.encode(tape, Batch.ofFeatures(feats), false);
                float[] pooled = enc.pooled().value().toArray();
                assertEquals(Shape.of(lengths.length, 2 * hidden), enc.pooled().shape());
                Tensor hN = enc.rnn().hN().value();                      // (layers * 2, B, H)
                float[] out = enc.rnn().output().value().toArray();      // packed (N, 2H)
                int[][] row = rowOf(lengths);
                for (int i = 0; i < lengths.length; i++) {
                    for (int j = 0; j < hidden; j++) {
                        float fwd = pooled[i * 2 * hidden + j];
                        float rev = pooled[i * 2 * hidden + hidden + j];
                        // h_n of the top layer: index 2 (forward) and 3 (reverse).
                        assertEquals(hN.at(2, i, j), fwd, cell + " fwd h_n " + i);
                        assertEquals(hN.at(3, i, j), rev, cell + " rev h_n " + i);
                        // By hand: forward output at the last real step, reverse output at step 0.
                        assertEquals(out[row[i][lengths[i] - 1] * 2 * hidden + j], fwd, cell + " fwd output " + i);
                        assertEquals(out[row[i][0] * 2 * hidden + hidden + j], rev, cell + " rev output " + i);
                    }
                }
            }
        }
    }

    @Test
    void lastPoolingPassesGradientIntoTheRecurrentLayer() {
        // A loss on LAST pooling must reach the first layer's weights through h_n.
        Seq2VecSpec spec = Seq2VecSpec.tokens(6, 4, 5, 3).withBidirectional(true).withLayers(2);
        try (NativeAllocator params = new NativeAllocator("p");
             Workspace ws = new Workspace("t", 1 << 16);
             Seq2Vec model = new Seq2Vec(spec, params, 11)) {
            Tape tape = new Tape(ws);
            Batch b = Batch.ofTokens(new int[][] {{1, 2, 3}, {4}, {5, 0}}).withLabels(new int[] {0, 1, 2});
            tape.backward(model.loss(tape, b, true));
            for (String name : new String[] {"embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0_reverse",
                    "rnn.weight_ih_l1", "head.weight"}) {
                float[] g = model.namedParameters().get(name).grad().toArray();
                double norm = 0;
                for (float v : g) {
                    norm += v * v;
                }
                assertTrue(norm > 0, name + " got no gradient");
            }
        }
    }
}

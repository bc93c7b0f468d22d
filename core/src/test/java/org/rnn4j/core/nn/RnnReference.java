package org.rnn4j.core.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain double-precision recurrent layer for tests: each sequence on its own, its own length,
 * no packing, no batching — the semantics written out as directly as possible. Parameters by
 * their PyTorch names; the loss is the fixed linear form the gradient tests differentiate:
 * sum(out * gOut) + sum(hN * gH) + sum(cN * gC) over real steps only.
 */
final class RnnReference {
    final RecurrentSpec spec;
    final Map<String, double[]> params = new LinkedHashMap<>();

    RnnReference(RecurrentSpec spec) {
        this.spec = spec;
    }

    /** Copies the layer's (float) parameter values. */
    static RnnReference of(RecurrentLayer layer) {
        RnnReference ref = new RnnReference(layer.spec());
        for (Parameter p : layer.parameters()) {
            float[] v = p.value().toArray();
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            ref.params.put(p.name(), d);
        }
        return ref;
    }

    /** Result of a forward pass: out[b][t][D*P], hN[k][b][P], cN[k][b][H]. */
    record Out(double[][][] out, double[][][] hN, double[][][] cN) {
    }

    /**
     * x[b][t][I] (only t < lengths[b] read); h0[k][b][P], c0[k][b][H] may be null (zeros).
     */
    Out forward(double[][][] x, int[] lengths, double[][][] h0, double[][][] c0) {
        int batch = lengths.length;
        int d = spec.directions();
        int p = spec.outSize();
        int h = spec.hiddenSize();
        int layers = spec.numLayers();
        double[][][] out = new double[batch][][];
        double[][][] hN = new double[layers * d][batch][];
        double[][][] cN = new double[layers * d][batch][];
        for (int b = 0; b < batch; b++) {
            double[][] in = x[b];
            int len = lengths[b];
            for (int l = 0; l < layers; l++) {
                double[][] o = new double[len][d * p];
                for (int dir = 0; dir < d; dir++) {
                    int k = l * d + dir;
                    String sfx = "_l" + l + (dir == 1 ? "_reverse" : "");
                    double[] hs = h0 == null ? new double[p] : h0[k][b].clone();
                    double[] cs = c0 == null ? new double[h] : c0[k][b].clone();
                    for (int s = 0; s < len; s++) {
                        int t = dir == 1 ? len - 1 - s : s;
                        double[][] next = cellStep(sfx, in[t], hs, cs);
                        hs = next[0];
                        cs = next[1];
                        System.arraycopy(hs, 0, o[t], dir * p, p);
                    }
                    hN[k][b] = hs;
                    cN[k][b] = cs;
                }
                in = o;
            }
            out[b] = in;
        }
        return new Out(out, hN, cN);
    }

    private double[][] cellStep(String sfx, double[] x, double[] hPrev, double[] cPrev) {
        int h = spec.hiddenSize();
        int g = spec.cell().gates;
        double[] wih = params.get("weight_ih" + sfx);
        double[] whh = params.get("weight_hh" + sfx);
        double[] bih = params.get("bias_ih" + sfx);
        double[] bhh = params.get("bias_hh" + sfx);
        double[] xi = matVec(wih, x, g * h, bih);
        double[] hh = matVec(whh, hPrev, g * h, bhh);
        switch (spec.cell()) {
            case RNN_TANH, RNN_RELU -> {
                double[] hn = new double[h];
                for (int j = 0; j < h; j++) {
                    double a = xi[j] + hh[j];
                    hn[j] = spec.cell() == CellType.RNN_TANH ? Math.tanh(a) : Math.max(0, a);
                }
                return new double[][] {hn, cPrev};
            }
            case GRU -> {
                double[] hn = new double[h];
                for (int j = 0; j < h; j++) {
                    double r = sigmoid(xi[j] + hh[j]);
                    double z = sigmoid(xi[h + j] + hh[h + j]);
                    double n = Math.tanh(xi[2 * h + j] + r * hh[2 * h + j]);
                    hn[j] = (1 - z) * n + z * hPrev[j];
                }
                return new double[][] {hn, cPrev};
            }
            case LSTM -> {
                double[] c = new double[h];
                double[] m = new double[h];
                for (int j = 0; j < h; j++) {
                    double i = sigmoid(xi[j] + hh[j]);
                    double f = sigmoid(xi[h + j] + hh[h + j]);
                    double gg = Math.tanh(xi[2 * h + j] + hh[2 * h + j]);
                    double o = sigmoid(xi[3 * h + j] + hh[3 * h + j]);
                    c[j] = f * cPrev[j] + i * gg;
                    m[j] = o * Math.tanh(c[j]);
                }
                double[] whr = params.get("weight_hr" + sfx);
                double[] hn = whr == null ? m : matVec(whr, m, spec.outSize(), null);
                return new double[][] {hn, c};
            }
            default -> throw new AssertionError();
        }
    }

    /** w is (rows, v.length) row-major; returns w v + bias. */
    private static double[] matVec(double[] w, double[] v, int rows, double[] bias) {
        double[] r = new double[rows];
        int cols = v.length;
        for (int i = 0; i < rows; i++) {
            double s = bias == null ? 0 : bias[i];
            for (int j = 0; j < cols; j++) {
                s += w[i * cols + j] * v[j];
            }
            r[i] = s;
        }
        return r;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** sum(out * gOut) + sum(hN * gH) + sum(cN * gC), over real steps. */
    static double loss(Out o, int[] lengths, double[][][] gOut, double[][][] gH, double[][][] gC, boolean lstm) {
        double s = 0;
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                for (int j = 0; j < o.out[b][t].length; j++) {
                    s += o.out[b][t][j] * gOut[b][t][j];
                }
            }
        }
        for (int k = 0; k < o.hN.length; k++) {
            for (int b = 0; b < lengths.length; b++) {
                for (int j = 0; j < o.hN[k][b].length; j++) {
                    s += o.hN[k][b][j] * gH[k][b][j];
                }
                if (lstm) {
                    for (int j = 0; j < o.cN[k][b].length; j++) {
                        s += o.cN[k][b][j] * gC[k][b][j];
                    }
                }
            }
        }
        return s;
    }
}

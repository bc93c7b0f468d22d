package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.Kernels.F32;
import static org.rnn4j.core.kernel.Kernels.ORDER;
import static org.rnn4j.core.kernel.Kernels.S;
import static org.rnn4j.core.kernel.Kernels.SCALAR;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The fused per-step math of the recurrent cells, forward and backward, over a block of
 * {@code rows} batch rows: one pass over the gate block applies the nonlinearities and the state
 * update, so the gates are read once. The matrix products around them are {@link Gemm} calls.
 *
 * <p>Layouts (offsets in floats, at the first row): gate blocks have G*H floats a row (LSTM G = 4,
 * order i, f, g, o; GRU G = 3, order r, z, n), state-sized blocks H floats a row, so a row of a
 * gate block holds all gates of one sequence. In-place use as documented per method.
 */
public final class CellKernels {
    private CellKernels() {
    }

    /**
     * LSTM forward. {@code g} holds pre-activations and gets the activations i, f, g, o back;
     * c = f * cPrev + i * g (written to {@code c}, which may be {@code cPrev}); m = o * tanh(c).
     *
     * <p>NOTE [no vector arguments]: the nonlinearities run as {@link Activations} passes over
     * each row (in L1), and the loops here are plain arithmetic. A helper that takes or returns
     * a {@code FloatVector} (say {@code VectorMath.sigmoid(v)}) is not inlined once the caller
     * grows large, and then every vector is boxed: the fused single-loop version of this kernel
     * ran 3x slower than the whole GEMM work of a step, allocating ~15 MB per forward.
     */
    public static void lstmForward(int rows, int h, MemorySegment g, long gOff, MemorySegment cPrev, long cpOff,
                                   MemorySegment c, long cOff, MemorySegment m, long mOff) {
        for (int r = 0; r < rows; r++) {
            long gr = gOff + (long) r * 4 * h;
            long sr = (long) r * h;
            Activations.sigmoid(2L * h, g, gr, g, gr);                    // i, f
            Activations.tanh(h, g, gr + 2L * h, g, gr + 2L * h);          // g
            Activations.sigmoid(h, g, gr + 3L * h, g, gr + 3L * h);       // o
            int j = 0;
            if (!SCALAR) {
                for (int bound = S.loopBound(h); j < bound; j += S.length()) {
                    FloatVector cn = load(g, gr + h + j).fma(load(cPrev, cpOff + sr + j),
                            load(g, gr + j).mul(load(g, gr + 2L * h + j)));
                    store(cn, c, cOff + sr + j);
                    store(cn, m, mOff + sr + j);
                }
            }
            for (; j < h; j++) {
                float cn = Math.fma(g.getAtIndex(F32, gr + h + j), cPrev.getAtIndex(F32, cpOff + sr + j),
                        g.getAtIndex(F32, gr + j) * g.getAtIndex(F32, gr + 2L * h + j));
                c.setAtIndex(F32, cOff + sr + j, cn);
                m.setAtIndex(F32, mOff + sr + j, cn);
            }
            Activations.tanh(h, m, mOff + sr, m, mOff + sr);                // tanh(c)
            Elementwise.mul(h, m, mOff + sr, g, gr + 3L * h, m, mOff + sr);  // m = o * tanh(c)
        }
    }

    /**
     * LSTM backward through one step. Inputs: activations {@code a} (i, f, g, o), cPrev, c, dm (the
     * gradient of m = o * tanh(c)) and {@code dc} (the gradient of c from later steps). Writes the
     * pre-activation gradients to {@code dg} and the gradient of cPrev over {@code dc}.
     */
    public static void lstmBackward(int rows, int h, MemorySegment a, long aOff, MemorySegment cPrev, long cpOff,
                                    MemorySegment c, long cOff, MemorySegment dm, long dmOff,
                                    MemorySegment dc, long dcOff, MemorySegment dg, long dgOff) {
        for (int r = 0; r < rows; r++) {
            long ar = aOff + (long) r * 4 * h;
            long dr = dgOff + (long) r * 4 * h;
            long sr = (long) r * h;
            // tanh(c) parked in dg's o block; each element is read there before it is overwritten.
            Activations.tanh(h, c, cOff + sr, dg, dr + 3L * h);
            int j = 0;
            if (!SCALAR) {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (int bound = S.loopBound(h); j < bound; j += S.length()) {
                    FloatVector i = load(a, ar + j);
                    FloatVector f = load(a, ar + h + j);
                    FloatVector gg = load(a, ar + 2L * h + j);
                    FloatVector o = load(a, ar + 3L * h + j);
                    FloatVector tc = load(dg, dr + 3L * h + j);
                    FloatVector dmv = load(dm, dmOff + sr + j);
                    FloatVector dct = load(dc, dcOff + sr + j).add(dmv.mul(o).mul(one.sub(tc.mul(tc))));
                    store(dct.mul(gg).mul(i).mul(one.sub(i)), dg, dr + j);
                    store(dct.mul(load(cPrev, cpOff + sr + j)).mul(f).mul(one.sub(f)), dg, dr + h + j);
                    store(dct.mul(i).mul(one.sub(gg.mul(gg))), dg, dr + 2L * h + j);
                    store(dmv.mul(tc).mul(o).mul(one.sub(o)), dg, dr + 3L * h + j);
                    store(dct.mul(f), dc, dcOff + sr + j);
                }
            }
            for (; j < h; j++) {
                float i = a.getAtIndex(F32, ar + j);
                float f = a.getAtIndex(F32, ar + h + j);
                float gg = a.getAtIndex(F32, ar + 2L * h + j);
                float o = a.getAtIndex(F32, ar + 3L * h + j);
                float tc = dg.getAtIndex(F32, dr + 3L * h + j);
                float dmv = dm.getAtIndex(F32, dmOff + sr + j);
                float dct = dc.getAtIndex(F32, dcOff + sr + j) + dmv * o * (1f - tc * tc);
                dg.setAtIndex(F32, dr + j, dct * gg * i * (1f - i));
                dg.setAtIndex(F32, dr + h + j, dct * cPrev.getAtIndex(F32, cpOff + sr + j) * f * (1f - f));
                dg.setAtIndex(F32, dr + 2L * h + j, dct * i * (1f - gg * gg));
                dg.setAtIndex(F32, dr + 3L * h + j, dmv * tc * o * (1f - o));
                dc.setAtIndex(F32, dcOff + sr + j, dct * f);
            }
        }
    }

    /**
     * GRU forward: r = sigmoid(xr + hr), z = sigmoid(xz + hz), n = tanh(xn + r * hn),
     * h' = n + z * (hPrev - n). {@code xg} holds x W_ih^T + b_ih (3H a row; used as scratch: it
     * gets r, z, n back) and {@code hg} holds hPrev W_hh^T + b_hh. {@code acts} (4H a row: r, z,
     * n, hn) may be null (inference). {@code hOut} may be {@code hPrev}.
     */
    public static void gruForward(int rows, int h, MemorySegment xg, long xgOff, MemorySegment hg, long hgOff,
                                  MemorySegment hPrev, long hpOff, MemorySegment hOut, long hoOff,
                                  MemorySegment acts, long actsOff) {
        for (int r = 0; r < rows; r++) {
            long xr = xgOff + (long) r * 3 * h;
            long hr = hgOff + (long) r * 3 * h;
            long sr = (long) r * h;
            Elementwise.add(2L * h, xg, xr, hg, hr, xg, xr);
            Activations.sigmoid(2L * h, xg, xr, xg, xr);                         // r, z
            // xn + r * hn, in place in the n block
            int j = 0;
            if (!SCALAR) {
                for (int bound = S.loopBound(h); j < bound; j += S.length()) {
                    store(load(xg, xr + j).fma(load(hg, hr + 2L * h + j), load(xg, xr + 2L * h + j)), xg, xr + 2L * h + j);
                }
            }
            for (; j < h; j++) {
                xg.setAtIndex(F32, xr + 2L * h + j, Math.fma(xg.getAtIndex(F32, xr + j),
                        hg.getAtIndex(F32, hr + 2L * h + j), xg.getAtIndex(F32, xr + 2L * h + j)));
            }
            Activations.tanh(h, xg, xr + 2L * h, xg, xr + 2L * h);             // n
            if (acts != null) {
                long ar = actsOff + (long) r * 4 * h;
                MemorySegment.copy(xg, xr * Float.BYTES, acts, ar * Float.BYTES, 3L * h * Float.BYTES);
                MemorySegment.copy(hg, (hr + 2L * h) * Float.BYTES, acts, (ar + 3L * h) * Float.BYTES,
                        (long) h * Float.BYTES);
            }
            j = 0;
            if (!SCALAR) {
                for (int bound = S.loopBound(h); j < bound; j += S.length()) {
                    FloatVector nv = load(xg, xr + 2L * h + j);
                    FloatVector zv = load(xg, xr + h + j);
                    store(zv.fma(load(hPrev, hpOff + sr + j).sub(nv), nv), hOut, hoOff + sr + j);
                }
            }
            for (; j < h; j++) {
                float nv = xg.getAtIndex(F32, xr + 2L * h + j);
                float zv = xg.getAtIndex(F32, xr + h + j);
                hOut.setAtIndex(F32, hoOff + sr + j, Math.fma(zv, hPrev.getAtIndex(F32, hpOff + sr + j) - nv, nv));
            }
        }
    }

    /**
     * GRU backward through one step, from the activations (r, z, n, hn), hPrev and dh (the
     * gradient of h'). Writes the pre-activation gradients of the input side {@code dxg}
     * (dr, dz, dn) and of the hidden side {@code dhg} (dr, dz, dn * r), and dh * z — the direct
     * part of the gradient of hPrev — over {@code dh}.
     */
    public static void gruBackward(int rows, int h, MemorySegment acts, long actsOff, MemorySegment hPrev, long hpOff,
                                   MemorySegment dh, long dhOff, MemorySegment dxg, long dxgOff,
                                   MemorySegment dhg, long dhgOff) {
        for (int r = 0; r < rows; r++) {
            long ar = actsOff + (long) r * 4 * h;
            long xr = dxgOff + (long) r * 3 * h;
            long hr = dhgOff + (long) r * 3 * h;
            long sr = (long) r * h;
            int j = 0;
            if (!SCALAR) {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (int bound = S.loopBound(h); j < bound; j += S.length()) {
                    FloatVector rv = load(acts, ar + j);
                    FloatVector zv = load(acts, ar + h + j);
                    FloatVector nv = load(acts, ar + 2L * h + j);
                    FloatVector hn = load(acts, ar + 3L * h + j);
                    FloatVector d = load(dh, dhOff + sr + j);
                    FloatVector dan = d.mul(one.sub(zv)).mul(one.sub(nv.mul(nv)));
                    FloatVector daz = d.mul(load(hPrev, hpOff + sr + j).sub(nv)).mul(zv).mul(one.sub(zv));
                    FloatVector dar = dan.mul(hn).mul(rv).mul(one.sub(rv));
                    store(dar, dxg, xr + j);
                    store(daz, dxg, xr + h + j);
                    store(dan, dxg, xr + 2L * h + j);
                    store(dar, dhg, hr + j);
                    store(daz, dhg, hr + h + j);
                    store(dan.mul(rv), dhg, hr + 2L * h + j);
                    store(d.mul(zv), dh, dhOff + sr + j);
                }
            }
            for (; j < h; j++) {
                float rv = acts.getAtIndex(F32, ar + j);
                float zv = acts.getAtIndex(F32, ar + h + j);
                float nv = acts.getAtIndex(F32, ar + 2L * h + j);
                float hn = acts.getAtIndex(F32, ar + 3L * h + j);
                float d = dh.getAtIndex(F32, dhOff + sr + j);
                float dan = d * (1f - zv) * (1f - nv * nv);
                float daz = d * (hPrev.getAtIndex(F32, hpOff + sr + j) - nv) * zv * (1f - zv);
                float dar = dan * hn * rv * (1f - rv);
                dxg.setAtIndex(F32, xr + j, dar);
                dxg.setAtIndex(F32, xr + h + j, daz);
                dxg.setAtIndex(F32, xr + 2L * h + j, dan);
                dhg.setAtIndex(F32, hr + j, dar);
                dhg.setAtIndex(F32, hr + h + j, daz);
                dhg.setAtIndex(F32, hr + 2L * h + j, dan * rv);
                dh.setAtIndex(F32, dhOff + sr + j, d * zv);
            }
        }
    }

    /** Simple RNN forward: h = tanh(a) or relu(a) over n contiguous floats (in place allowed). */
    public static void rnnForward(long n, boolean relu, MemorySegment a, long aOff, MemorySegment hOut, long hoOff) {
        if (relu) {
            Activations.relu(n, a, aOff, hOut, hoOff);
        } else {
            Activations.tanh(n, a, aOff, hOut, hoOff);
        }
    }

    /** Simple RNN backward: da = dh * (1 - h^2) for tanh, dh * [h > 0] for relu. */
    public static void rnnBackward(long n, boolean relu, MemorySegment hAct, long hOff, MemorySegment dh, long dhOff,
                                   MemorySegment da, long daOff) {
        long i = 0;
        if (!SCALAR) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector zero = FloatVector.zero(S);
            for (long bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector hv = load(hAct, hOff + i);
                FloatVector d = load(dh, dhOff + i);
                FloatVector out = relu ? zero.blend(d, hv.compare(jdk.incubator.vector.VectorOperators.GT, 0f))
                        : d.mul(one.sub(hv.mul(hv)));
                store(out, da, daOff + i);
            }
        }
        for (; i < n; i++) {
            float hv = hAct.getAtIndex(F32, hOff + i);
            float d = dh.getAtIndex(F32, dhOff + i);
            da.setAtIndex(F32, daOff + i, relu ? (hv > 0f ? d : 0f) : d * (1f - hv * hv));
        }
    }

    private static FloatVector load(MemorySegment s, long floatOff) {
        return FloatVector.fromMemorySegment(S, s, floatOff * Float.BYTES, ORDER);
    }

    private static void store(FloatVector v, MemorySegment s, long floatOff) {
        v.intoMemorySegment(s, floatOff * Float.BYTES, ORDER);
    }
}

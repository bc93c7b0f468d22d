package org.rnn4j.core.nn;

import java.lang.foreign.MemorySegment;
import org.rnn4j.core.kernel.CellKernels;
import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.kernel.Gemm;
import org.rnn4j.core.kernel.PackedB;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * One direction of one layer: its weights and its time loop, forward and backward.
 *
 * <p>Sizes: N rows (real steps), B sequences, In input width, H hidden, P = outSize (H, or the
 * projection), G gates, D directions. Per step only h_{t-1} W_hh^T is computed; the input
 * projection of all steps is one GEMM before the loop, and the weight gradients are GEMMs after
 * the backward loop (see docs/recurrent.md).
 */
final class RecurrentDirection {
    final CellType cell;
    final int in;
    final int hidden;
    final int out;       // P
    final boolean reverse;
    final Parameter wIh;  // (G*H, In)
    final Parameter wHh;  // (G*H, P)
    final Parameter bIh;  // (G*H) or null
    final Parameter bHh;  // (G*H) or null
    final Parameter wHr;  // (P, H) or null
    /**
     * Per-thread packed copies of W_hh and W_hr (forward: transposed; backward: as is), refilled
     * from the current weights at every call: no per-call allocation (fresh heap pages cost more
     * than the packing here), and concurrent callers never share a buffer.
     */
    private final ThreadLocal<PackedB[]> packs = ThreadLocal.withInitial(() -> new PackedB[4]);

    RecurrentDirection(CellType cell, int in, int hidden, int out, boolean reverse, Parameter wIh, Parameter wHh,
                       Parameter bIh, Parameter bHh, Parameter wHr) {
        this.cell = cell;
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.reverse = reverse;
        this.wIh = wIh;
        this.wHh = wHh;
        this.bIh = bIh;
        this.bHh = bHh;
        this.wHr = wHr;
    }

    private int gh() {
        return cell.gates * hidden;
    }

    /** Time step processed at loop position s. */
    private int step(StepLayout lay, int s) {
        return reverse ? lay.steps() - 1 - s : s;
    }

    /**
     * Runs the loop. x: (N, In). output: (N, D*P), this direction's columns at {@code col}.
     * h: (B, P) and c: (B, H) hold the initial states and receive the final ones. tr: null for
     * inference (nothing is kept).
     */
    void forward(StepLayout lay, Tensor x, Tensor output, int col, Tensor h, Tensor c,
                 RecurrentTrace.DirectionTrace tr, Workspace ws) {
        int n = lay.rows();
        int b = lay.batch();
        int gh = gh();
        int dp = output.dim(1);
        boolean lstm = cell == CellType.LSTM;
        boolean gru = cell == CellType.GRU;
        boolean proj = wHr != null;

        // Input projection of every step at once: xg = x W_ih^T + b_ih (+ b_hh but for GRU's n gate).
        Tensor xg = ws.allocateUninitialized(org.rnn4j.core.tensor.Shape.of(n, gh));
        MemorySegment xgs = xg.data();
        Gemm.sgemm(false, true, n, gh, in, 1f, x.data(), 0, in, wIh.value().data(), 0, in, 0f, xgs, 0, gh);
        if (bIh != null) {
            Elementwise.biasAdd(n, gh, bIh.value().data(), 0, xgs, 0, gh);
            if (!gru) {
                Elementwise.biasAdd(n, gh, bHh.value().data(), 0, xgs, 0, gh);
            }
        }
        PackedB whh = packed(0, true, out, gh, wHh.value().data(), out);
        PackedB whr = proj ? packed(1, true, hidden, out, wHr.value().data(), hidden) : null;
        if (tr != null) {
            tr.hPrev = ws.allocateUninitialized(org.rnn4j.core.tensor.Shape.of(n, out));
            if (lstm) {
                tr.gates = xg;
                tr.cells = ws.allocateUninitialized(org.rnn4j.core.tensor.Shape.of(n, hidden));
                tr.cellsPrev = ws.allocateUninitialized(org.rnn4j.core.tensor.Shape.of(n, hidden));
                if (proj) {
                    tr.m = ws.allocateUninitialized(org.rnn4j.core.tensor.Shape.of(n, hidden));
                }
            } else if (gru) {
                tr.gates = ws.allocateUninitialized(org.rnn4j.core.tensor.Shape.of(n, 4 * hidden));
            } else {
                tr.gates = xg;
            }
        }
        MemorySegment hs = h.data();
        MemorySegment cs = lstm ? c.data() : null;
        MemorySegment hg = gru ? ws.allocateUninitialized(org.rnn4j.core.tensor.Shape.of(b, gh)).data() : null;
        MemorySegment mScratch = proj && tr == null
                ? ws.allocateUninitialized(org.rnn4j.core.tensor.Shape.of(b, hidden)).data() : null;
        MemorySegment savedH = lay.isStatic() ? ws.allocateUninitialized(h.shape()).data() : null;
        MemorySegment savedC = lay.isStatic() && lstm ? ws.allocateUninitialized(c.shape()).data() : null;
        MemorySegment outs = output.data();

        for (int s = 0; s < lay.steps(); s++) {
            int t = step(lay, s);
            int bs = lay.batchSizes()[t];
            long off = lay.offsets()[t];
            if (tr != null) {
                copyRows(hs, 0, tr.hPrev.data(), off * out, (long) bs * out);
                if (lstm) {
                    copyRows(cs, 0, tr.cellsPrev.data(), off * hidden, (long) bs * hidden);
                }
            }
            if (savedH != null) {
                copyRows(hs, 0, savedH, 0, (long) bs * out);
                if (lstm) {
                    copyRows(cs, 0, savedC, 0, (long) bs * hidden);
                }
            }
            if (lstm) {
                Gemm.sgemm(false, bs, 1f, hs, 0, out, whh, 1f, xgs, off * gh, gh);
                MemorySegment m = !proj ? hs : tr != null ? tr.m.data() : mScratch;
                long mOff = proj && tr != null ? off * hidden : 0;
                CellKernels.lstmForward(bs, hidden, xgs, off * gh, cs, 0, cs, 0, m, mOff);
                if (proj) {
                    Gemm.sgemm(false, bs, 1f, m, mOff, hidden, whr, 0f, hs, 0, out);
                }
                if (tr != null) {
                    copyRows(cs, 0, tr.cells.data(), off * hidden, (long) bs * hidden);
                }
            } else if (gru) {
                Gemm.sgemm(false, bs, 1f, hs, 0, out, whh, 0f, hg, 0, gh);
                if (bHh != null) {
                    Elementwise.biasAdd(bs, gh, bHh.value().data(), 0, hg, 0, gh);
                }
                CellKernels.gruForward(bs, hidden, xgs, off * gh, hg, 0, hs, 0, hs, 0,
                        tr != null ? tr.gates.data() : null, off * 4 * hidden);
            } else {
                Gemm.sgemm(false, bs, 1f, hs, 0, out, whh, 1f, xgs, off * gh, gh);
                CellKernels.rnnForward((long) bs * hidden, cell == CellType.RNN_RELU, xgs, off * gh, xgs, off * gh);
                copyRows(xgs, off * gh, hs, 0, (long) bs * hidden);
            }
            for (int r = 0; r < bs; r++) {
                long dst = (off + r) * dp + col;
                if (lay.valid(r, t)) {
                    copyRows(hs, (long) r * out, outs, dst, out);
                } else {
                    // Static mode: a finished row keeps its state and outputs zeros.
                    copyRows(savedH, (long) r * out, hs, (long) r * out, out);
                    if (lstm) {
                        copyRows(savedC, (long) r * hidden, cs, (long) r * hidden, hidden);
                    }
                    outs.asSlice(dst * Float.BYTES, (long) out * Float.BYTES).fill((byte) 0);
                }
            }
        }
    }

    /**
     * Back-propagates through the loop. x: the forward input (N, In); dOutput: (N, D*P) gradient
     * of the output (this direction's columns at col), or null; dh (B, P) and dc (B, H) hold the
     * gradients of the final states and receive those of the initial states. dx (N, In) gets
     * this direction's input gradient added. Parameter gradients are added into their grads.
     */
    void backward(StepLayout lay, Tensor x, Tensor dOutput, int col, Tensor dh, Tensor dc,
                  RecurrentTrace.DirectionTrace tr, Tensor dx, Workspace ws) {
        int n = lay.rows();
        int b = lay.batch();
        int gh = gh();
        boolean lstm = cell == CellType.LSTM;
        boolean gru = cell == CellType.GRU;
        boolean proj = wHr != null;
        int dp = dOutput == null ? 0 : dOutput.dim(1);

        MemorySegment dG = ws.allocate(org.rnn4j.core.tensor.Shape.of(n, gh)).data();            // input side
        MemorySegment dGh = gru ? ws.allocate(org.rnn4j.core.tensor.Shape.of(n, gh)).data() : dG; // hidden side
        MemorySegment dHall = proj ? ws.allocate(org.rnn4j.core.tensor.Shape.of(n, out)).data() : null;
        MemorySegment dm = proj ? ws.allocateUninitialized(org.rnn4j.core.tensor.Shape.of(b, hidden)).data() : null;
        MemorySegment savedDh = lay.isStatic() ? ws.allocateUninitialized(dh.shape()).data() : null;
        MemorySegment savedDc = lay.isStatic() && lstm ? ws.allocateUninitialized(dc.shape()).data() : null;
        PackedB whhN = packed(2, false, gh, out, wHh.value().data(), out);
        PackedB whrN = proj ? packed(3, false, out, hidden, wHr.value().data(), hidden) : null;
        MemorySegment dhs = dh.data();
        MemorySegment dcs = lstm ? dc.data() : null;
        MemorySegment dos = dOutput == null ? null : dOutput.data();
        MemorySegment g = tr.gates.data();

        for (int s = lay.steps() - 1; s >= 0; s--) {
            int t = step(lay, s);
            int bs = lay.batchSizes()[t];
            long off = lay.offsets()[t];
            if (savedDh != null) {
                copyRows(dhs, 0, savedDh, 0, (long) bs * out);
                if (lstm) {
                    copyRows(dcs, 0, savedDc, 0, (long) bs * hidden);
                }
            }
            if (dos != null) {
                for (int r = 0; r < bs; r++) {
                    if (lay.valid(r, t)) {
                        Elementwise.add(out, dhs, (long) r * out, dos, (off + r) * dp + col, dhs, (long) r * out);
                    }
                }
            }
            if (lstm) {
                MemorySegment dmv = dhs;
                if (proj) {
                    copyRows(dhs, 0, dHall, off * out, (long) bs * out);
                    for (int r = 0; r < bs; r++) {
                        if (!lay.valid(r, t)) {   // static mode: a frozen step's m is not used
                            dHall.asSlice((off + r) * out * Float.BYTES, (long) out * Float.BYTES).fill((byte) 0);
                        }
                    }
                    Gemm.sgemm(false, bs, 1f, dhs, 0, out, whrN, 0f, dm, 0, hidden);
                    dmv = dm;
                }
                CellKernels.lstmBackward(bs, hidden, g, off * gh, tr.cellsPrev.data(), off * hidden,
                        tr.cells.data(), off * hidden, dmv, 0, dcs, 0, dG, off * gh);
                freezeInvalid(lay, t, bs, dG, off, gh, null, dcs, savedDc, hidden);
                Gemm.sgemm(false, bs, 1f, dG, off * gh, gh, whhN, 0f, dhs, 0, out);
            } else if (gru) {
                CellKernels.gruBackward(bs, hidden, g, off * 4 * hidden, tr.hPrev.data(), off * out, dhs, 0,
                        dG, off * gh, dGh, off * gh);
                freezeInvalid(lay, t, bs, dG, off, gh, dGh, null, null, 0);
                Gemm.sgemm(false, bs, 1f, dGh, off * gh, gh, whhN, 1f, dhs, 0, out);
            } else {
                CellKernels.rnnBackward((long) bs * hidden, cell == CellType.RNN_RELU, g, off * gh, dhs, 0, dG, off * gh);
                freezeInvalid(lay, t, bs, dG, off, gh, null, null, null, 0);
                Gemm.sgemm(false, bs, 1f, dG, off * gh, gh, whhN, 0f, dhs, 0, out);
            }
            if (savedDh != null) {
                // Static mode: through a frozen step the state gradient passes unchanged.
                for (int r = 0; r < bs; r++) {
                    if (!lay.valid(r, t)) {
                        copyRows(savedDh, (long) r * out, dhs, (long) r * out, out);
                    }
                }
            }
        }
        // Weight gradients: one GEMM each over all N rows.
        MemorySegment xs = x.data();
        Gemm.sgemm(true, false, gh, in, n, 1f, dG, 0, gh, xs, 0, in, 1f, wIh.grad().data(), 0, in);
        Gemm.sgemm(true, false, gh, out, n, 1f, dGh, 0, gh, tr.hPrev.data(), 0, out, 1f, wHh.grad().data(), 0, out);
        if (bIh != null) {
            columnSumAdd(n, gh, dG, bIh.grad().data());
            columnSumAdd(n, gh, dGh, bHh.grad().data());
        }
        if (proj) {
            Gemm.sgemm(true, false, out, hidden, n, 1f, dHall, 0, out, tr.m.data(), 0, hidden, 1f,
                    wHr.grad().data(), 0, hidden);
        }
        Gemm.sgemm(false, false, n, in, gh, 1f, dG, 0, gh, wIh.value().data(), 0, in, 1f, dx.data(), 0, in);
    }

    private PackedB packed(int slot, boolean transB, int k, int n, MemorySegment w, int ld) {
        PackedB[] cache = packs.get();
        PackedB p = cache[slot];
        if (p == null) {
            p = PackedB.pack(transB, k, n, w, 0, ld);
            cache[slot] = p;
        } else {
            p.repack(w, 0, ld);
        }
        return p;
    }

    /** Static mode: rows past their end get no gate gradient and keep dc. */
    private static void freezeInvalid(StepLayout lay, int t, int bs, MemorySegment dG, long off, int gh,
                                      MemorySegment dGh, MemorySegment dcs, MemorySegment savedDc, int hidden) {
        if (!lay.isStatic()) {
            return;
        }
        for (int r = 0; r < bs; r++) {
            if (!lay.valid(r, t)) {
                long row = (off + r) * gh * Float.BYTES;
                dG.asSlice(row, (long) gh * Float.BYTES).fill((byte) 0);
                if (dGh != null && dGh != dG) {
                    dGh.asSlice(row, (long) gh * Float.BYTES).fill((byte) 0);
                }
                if (dcs != null) {
                    copyRows(savedDc, (long) r * hidden, dcs, (long) r * hidden, hidden);
                }
            }
        }
    }

    static void copyRows(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long floats) {
        MemorySegment.copy(src, srcOff * Float.BYTES, dst, dstOff * Float.BYTES, floats * Float.BYTES);
    }

    /** dst[j] += sum over rows of src[r, j]. */
    static void columnSumAdd(int rows, int cols, MemorySegment src, MemorySegment dst) {
        for (int r = 0; r < rows; r++) {
            Elementwise.add(cols, dst, 0, src, (long) r * cols, dst, 0);
        }
    }
}

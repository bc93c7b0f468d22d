package org.rnn4j.models.seq2vec;

import org.rnn4j.core.autograd.Linalg;
import org.rnn4j.core.autograd.Pointwise;
import org.rnn4j.core.autograd.RecurrentOps;
import org.rnn4j.core.autograd.Shapes;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * Pooling of packed recurrent outputs into one row per sequence, over each sequence's real steps
 * only, in the original batch order. Every function is composed of tape operations
 * ({@link Shapes#rows}, {@link Linalg#matmul}, {@link Pointwise}), so gradients are exact and
 * need no op of their own:
 *
 * <ul>
 *   <li>{@link #mean}: gather the rows into the padded (T·B, C) layout (padding rows are zero),
 *       sum over steps with one matmul by a row of ones, then scale each sequence by 1 / length.</li>
 *   <li>{@link #max}: a running maximum over steps, max(m, x) = x + relu(m − x); a sequence that
 *       has ended repeats its last row, which leaves its maximum unchanged. The gradient goes to
 *       the arg-max row (at an exact tie, to the later row).</li>
 *   <li>{@link #last}: rows of h_n, which the recurrent layer takes at each sequence's own last
 *       step (and for the reverse direction at its first step).</li>
 * </ul>
 */
public final class SequencePooling {
    private SequencePooling() {
    }

    /**
     * Pooling of a recurrent layer's outputs: LAST from h_n of the top layer, MEAN and MAX from
     * the packed output rows.
     */
    public static Var pool(Tape tape, Pooling pooling, RecurrentOps.Outputs out, int layers, int directions) {
        return switch (pooling) {
            case LAST -> last(out.hN(), layers, directions);
            case MEAN -> mean(tape, out.output(), out.layout());
            case MAX -> max(out.output(), out.layout());
        };
    }

    /**
     * [h_n(top, forward) | h_n(top, reverse)] as (B, directions * P), from h_n
     * (layers * directions, B, P).
     */
    public static Var last(Var hN, int layers, int directions) {
        if (hN.value().rank() != 3 || hN.dim(0) != layers * directions) {
            throw new IllegalArgumentException("h_n " + hN.shape() + " should be (layers * directions = "
                    + layers * directions + ", B, P)");
        }
        int b = hN.dim(1);
        int p = hN.dim(2);
        int top = (layers - 1) * directions;
        Var flat = Shapes.reshape(hN, hN.dim(0) * b, p);
        Var[] parts = new Var[directions];
        for (int k = 0; k < directions; k++) {
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = (top + k) * b + i;
            }
            parts[k] = Shapes.rows(flat, idx);
        }
        return directions == 1 ? parts[0] : Shapes.concatColumns(parts);
    }

    /**
     * Mean over each sequence's steps of packed rows (N, C) laid out as {@code layout} (only its
     * structure is used): (B, C) in the original batch order. {@code tape} is the tape
     * {@code rows} was recorded on (for two constants).
     */
    public static Var mean(Tape tape, Var rows, PackedSequence layout) {
        check(rows, layout);
        int steps = layout.steps();
        int b = layout.batch();
        int c = rows.dim(1);
        int[] lengths = layout.lengths();
        Var padded = Shapes.rows(rows, layout.paddedRowIndex(steps, false));   // (T*B, C), zero padding
        Var sum;
        if (steps == 1) {
            sum = padded;
        } else {
            Tensor ones = tape.workspace().allocateUninitialized(Shape.of(1, steps)).fill(1f);
            Var flat = Shapes.reshape(padded, steps, b * c);
            sum = Shapes.reshape(Linalg.matmul(tape.constant(ones), false, flat, false), b, c);
        }
        Tensor inv = tape.workspace().allocateUninitialized(Shape.of(b, c));
        for (int i = 0; i < b; i++) {
            inv.slice(i, i + 1).fill(1f / lengths[i]);
        }
        return Pointwise.mul(sum, tape.constant(inv));
    }

    /**
     * Element-wise maximum over each sequence's steps of packed rows (N, C) laid out as
     * {@code layout}: (B, C) in the original batch order.
     */
    public static Var max(Var rows, PackedSequence layout) {
        check(rows, layout);
        int steps = layout.steps();
        int b = layout.batch();
        int[] lengths = layout.lengths();
        int[] at = layout.paddedRowIndex(steps, false);   // at[t * B + i]: packed row of (i, t), or -1
        Var m = null;
        for (int t = 0; t < steps; t++) {
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = at[Math.min(t, lengths[i] - 1) * b + i];
            }
            Var x = Shapes.rows(rows, idx);
            m = m == null ? x : Pointwise.add(x, Pointwise.relu(Pointwise.sub(m, x)));
        }
        return m;
    }

    private static void check(Var rows, PackedSequence layout) {
        if (rows.value().rank() != 2 || rows.dim(0) != layout.data().dim(0)) {
            throw new IllegalArgumentException("pooling: rows " + rows.shape() + " do not match the packed layout of "
                    + layout.data().dim(0) + " rows");
        }
    }
}

package org.rnn4j.core.seq;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * A batch of variable-length sequences with the padding removed, as PyTorch's
 * {@code PackedSequence}: {@code data} is (N, F) with N the total number of real steps, grouped
 * by time step — the {@code batchSizes[t]} rows of step t are the sequences still running at t,
 * longest first. {@code sortedIndices[r]} is the original batch index of sorted row r;
 * {@code unsortedIndices} inverts it.
 *
 * <p>NOTE [packed order]: row r of every step block belongs to the same sequence (the r-th
 * longest), so a recurrent layer keeps its state in a (B, H) buffer and each step simply works on
 * its first {@code batchSizes[t]} rows; sequences that ended keep their final state in place.
 */
public record PackedSequence(Tensor data, int[] batchSizes, int[] sortedIndices, int[] unsortedIndices) {

    public PackedSequence {
        batchSizes = batchSizes.clone();
        sortedIndices = sortedIndices.clone();
        unsortedIndices = unsortedIndices.clone();
        if (data.rank() != 2) {
            throw new IllegalArgumentException("packed data must be (N, features), got " + data.shape());
        }
        long n = 0;
        for (int t = 0; t < batchSizes.length; t++) {
            if (batchSizes[t] < 1 || (t > 0 && batchSizes[t] > batchSizes[t - 1])) {
                throw new IllegalArgumentException("batch sizes must be >= 1 and non-increasing, got "
                        + Arrays.toString(batchSizes));
            }
            n += batchSizes[t];
        }
        if (n != data.dim(0)) {
            throw new IllegalArgumentException("batch sizes " + Arrays.toString(batchSizes) + " sum to " + n
                    + " rows but data is " + data.shape());
        }
        int b = batchSizes.length == 0 ? 0 : batchSizes[0];
        if (sortedIndices.length != b || unsortedIndices.length != b) {
            throw new IllegalArgumentException("sorted/unsorted indices must have " + b + " entries");
        }
    }

    /** Number of sequences. */
    public int batch() {
        return sortedIndices.length;
    }

    /** Longest length (number of time steps). */
    public int steps() {
        return batchSizes.length;
    }

    public int features() {
        return data.dim(1);
    }

    /** First row of step t in {@link #data}. */
    public int[] offsets() {
        int[] off = new int[batchSizes.length + 1];
        for (int t = 0; t < batchSizes.length; t++) {
            off[t + 1] = off[t] + batchSizes[t];
        }
        return off;
    }

    /** Lengths in the original batch order. */
    public int[] lengths() {
        int[] sortedLen = new int[batch()];
        for (int bs : batchSizes) {
            for (int r = 0; r < bs; r++) {
                sortedLen[r]++;
            }
        }
        int[] len = new int[batch()];
        for (int r = 0; r < batch(); r++) {
            len[sortedIndices[r]] = sortedLen[r];
        }
        return len;
    }

    /** The same batch structure with other data (N rows, any width): e.g. a layer's output. */
    public PackedSequence withData(Tensor other) {
        return new PackedSequence(other, batchSizes, sortedIndices, unsortedIndices);
    }

    /**
     * Packs a padded batch. {@code padded} is (T, B, F), or (B, T, F) when {@code batchFirst};
     * {@code lengths[b]} in [1, T]. With {@code enforceSorted} the lengths must already be
     * non-increasing (as PyTorch); otherwise they are sorted (stably) and the permutation kept.
     */
    public static PackedSequence pack(Tensor padded, int[] lengths, boolean batchFirst, boolean enforceSorted,
                                      Allocator alloc) {
        if (padded.rank() != 3) {
            throw new IllegalArgumentException("pack needs a 3-D padded tensor " + (batchFirst ? "(B, T, F)" : "(T, B, F)")
                    + ", got " + padded.shape());
        }
        int steps = padded.dim(batchFirst ? 1 : 0);
        int batch = padded.dim(batchFirst ? 0 : 1);
        int feat = padded.dim(2);
        int[] sorted = sortOrder(lengths, batch, steps, enforceSorted);
        int[] batchSizes = batchSizes(lengths, sorted);
        int total = 0;
        for (int bs : batchSizes) {
            total += bs;
        }
        Tensor data = alloc.allocate(total, feat);
        copyRows(batchSizes, sorted, padded.data(), data.data(), feat, steps, batch, batchFirst, true);
        return new PackedSequence(data, batchSizes, sorted, invert(sorted));
    }

    /**
     * A padded tensor — (T', B, F), or (B, T', F) with {@code batchFirst}, any T' >= {@link #steps()}
     * — packed with this batch's structure (its lengths, sort order and batch sizes): the rows
     * {@link #data} would have for it. What a gradient of a padded output needs before backward;
     * positions past each sequence's end are ignored.
     */
    public PackedSequence packLike(Tensor padded, boolean batchFirst, Allocator alloc) {
        int batch = batch();
        if (padded.rank() != 3 || padded.dim(batchFirst ? 0 : 1) != batch || padded.dim(batchFirst ? 1 : 0) < steps()) {
            throw new IllegalArgumentException("packLike needs a padded " + (batchFirst ? "(B, T, F)" : "(T, B, F)")
                    + " tensor with B = " + batch + " and T >= " + steps() + ", got " + padded.shape());
        }
        int totalLength = padded.dim(batchFirst ? 1 : 0);
        int feat = padded.dim(2);
        Tensor out = alloc.allocate(data.dim(0), feat);
        copyRows(batchSizes, sortedIndices, padded.data(), out.data(), feat, totalLength, batch, batchFirst, true);
        return withData(out);
    }

    /**
     * Copies rows between the packed layout and a padded one of {@code totalLength} steps:
     * padded → packed when {@code toPacked}, packed → padded otherwise.
     */
    private static void copyRows(int[] batchSizes, int[] sorted, MemorySegment from, MemorySegment to, int feat,
                                 int totalLength, int batch, boolean batchFirst, boolean toPacked) {
        long rowBytes = (long) feat * Float.BYTES;
        int row = 0;
        for (int t = 0; t < batchSizes.length; t++) {
            for (int r = 0; r < batchSizes[t]; r++) {
                int b = sorted[r];
                long paddedRow = batchFirst ? (long) b * totalLength + t : (long) t * batch + b;
                if (toPacked) {
                    MemorySegment.copy(from, paddedRow * rowBytes, to, row * rowBytes, rowBytes);
                } else {
                    MemorySegment.copy(from, row * rowBytes, to, paddedRow * rowBytes, rowBytes);
                }
                row++;
            }
        }
    }

    /**
     * The padded form, (T, B, F) or (B, T, F) with {@code batchFirst}, zeros after each sequence's
     * end; {@code totalLength} >= {@link #steps()} pads further (as PyTorch's total_length).
     */
    public Tensor unpack(int totalLength, boolean batchFirst, Allocator alloc) {
        if (totalLength < steps()) {
            throw new IllegalArgumentException("total length " + totalLength + " is shorter than the longest sequence ("
                    + steps() + " steps)");
        }
        int batch = batch();
        int feat = features();
        Tensor out = batchFirst ? alloc.allocate(batch, totalLength, feat) : alloc.allocate(totalLength, batch, feat);
        copyRows(batchSizes, sortedIndices, data.data(), out.data(), feat, totalLength, batch, batchFirst, false);
        return out;
    }

    /**
     * For each position of the padded layout — (B, T) rows when {@code batchFirst}, else (T, B) —
     * the row of {@link #data} holding it, or -1 for padding. With this map a gather of the
     * packed rows gives the padded tensor (and its gradient flows back to the packed rows).
     */
    public int[] paddedRowIndex(int totalLength, boolean batchFirst) {
        int batch = batch();
        int[] idx = new int[totalLength * batch];
        java.util.Arrays.fill(idx, -1);
        int row = 0;
        for (int t = 0; t < batchSizes.length; t++) {
            for (int r = 0; r < batchSizes[t]; r++) {
                int b = sortedIndices[r];
                idx[batchFirst ? b * totalLength + t : t * batch + b] = row++;
            }
        }
        return idx;
    }

    /**
     * The packed order for these lengths without any data: batch sizes, sorted and unsorted
     * indices, and for each packed row its sequence ({@code rowSequence}) and step
     * ({@code rowStep}) — so token ids can be laid out in packed order before an embedding.
     */
    public record Structure(int[] batchSizes, int[] sortedIndices, int[] unsortedIndices, int[] rowSequence,
                            int[] rowStep) {
        /** The same structure around rows of data (N, F). */
        public PackedSequence withData(Tensor data) {
            return new PackedSequence(data, batchSizes, sortedIndices, unsortedIndices);
        }

        public int rows() {
            return rowSequence.length;
        }

        /**
         * Per-sequence values (token ids: {@code values[b][t]}) laid out in packed row order — what an
         * embedding of a packed batch looks up. A sequence shorter than this structure's length for
         * it is an error naming it.
         */
        public int[] gather(int[][] values) {
            int[] out = new int[rowSequence.length];
            for (int row = 0; row < out.length; row++) {
                int[] v = values[rowSequence[row]];
                if (rowStep[row] >= v.length) {
                    throw new IllegalArgumentException("sequence " + rowSequence[row] + " has " + v.length
                            + " values, the packed structure needs " + (rowStep[row] + 1));
                }
                out[row] = v[rowStep[row]];
            }
            return out;
        }
    }

    public static Structure structure(int[] lengths) {
        int max = 0;
        for (int l : lengths) {
            max = Math.max(max, l);
        }
        int[] sorted = sortOrder(lengths, lengths.length, max, false);
        int[] bs = batchSizes(lengths, sorted);
        int n = 0;
        for (int b : bs) {
            n += b;
        }
        int[] seq = new int[n];
        int[] step = new int[n];
        int row = 0;
        for (int t = 0; t < bs.length; t++) {
            for (int r = 0; r < bs[t]; r++) {
                seq[row] = sorted[r];
                step[row] = t;
                row++;
            }
        }
        return new Structure(bs, sorted, invert(sorted), seq, step);
    }

    /** Checks lengths and returns the sorted order (longest first, stable). */
    static int[] sortOrder(int[] lengths, int batch, int steps, boolean enforceSorted) {
        if (lengths.length != batch) {
            throw new IllegalArgumentException("got " + lengths.length + " lengths for a batch of " + batch);
        }
        if (batch == 0) {
            throw new IllegalArgumentException("cannot pack an empty batch");
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] == 0) {
                throw new IllegalArgumentException("sequence " + b + " has length 0; every sequence needs at least one"
                        + " step (drop empty sequences before packing)");
            }
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("length " + lengths[b] + " of sequence " + b
                        + " is outside [1, " + steps + "] (the padded tensor has " + steps + " steps)");
            }
        }
        Integer[] order = new Integer[batch];
        for (int b = 0; b < batch; b++) {
            order[b] = b;
        }
        if (enforceSorted) {
            for (int b = 1; b < batch; b++) {
                if (lengths[b] > lengths[b - 1]) {
                    throw new IllegalArgumentException("lengths " + Arrays.toString(lengths) + " are not sorted in"
                            + " decreasing order; sort them or pack with enforceSorted = false");
                }
            }
        } else {
            Arrays.sort(order, (x, y) -> Integer.compare(lengths[y], lengths[x]));
        }
        int[] sorted = new int[batch];
        for (int r = 0; r < batch; r++) {
            sorted[r] = order[r];
        }
        return sorted;
    }

    static int[] batchSizes(int[] lengths, int[] sorted) {
        int steps = lengths[sorted[0]];
        int[] bs = new int[steps];
        for (int t = 0; t < steps; t++) {
            int n = 0;
            while (n < sorted.length && lengths[sorted[n]] > t) {
                n++;
            }
            bs[t] = n;
        }
        return bs;
    }

    static int[] invert(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    /** The data's shape, batch sizes and order, for messages. */
    @Override
    public String toString() {
        return "PackedSequence(data " + data.shape() + ", batchSizes " + Arrays.toString(batchSizes) + ", sortedIndices "
                + Arrays.toString(sortedIndices) + ")";
    }

    /** Convenience for tests and callers that have lengths only: the padded shape they imply. */
    public static Shape paddedShape(int steps, int batch, int features, boolean batchFirst) {
        return batchFirst ? Shape.of(batch, steps, features) : Shape.of(steps, batch, features);
    }
}

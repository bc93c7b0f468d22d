package org.rnn4j.core.nn;

/**
 * Which rows of a step-major (N, F) block each time step owns. Dynamic mode: the packed layout
 * (step t owns {@code batchSizes[t]} rows, the longest sequences first). Static mode: every step
 * owns all B rows of the padded batch, and {@code rowLengths[r]} says where row r's sequence ends,
 * so finished rows can be frozen.
 */
record StepLayout(int[] batchSizes, int[] offsets, int batch, int[] rowLengths, boolean isStatic) {

    static StepLayout dynamic(int[] batchSizes) {
        int[] off = new int[batchSizes.length + 1];
        for (int t = 0; t < batchSizes.length; t++) {
            off[t + 1] = off[t] + batchSizes[t];
        }
        return new StepLayout(batchSizes, off, batchSizes.length == 0 ? 0 : batchSizes[0], null, false);
    }

    static StepLayout padded(int steps, int[] lengths) {
        int b = lengths.length;
        int[] bs = new int[steps];
        int[] off = new int[steps + 1];
        for (int t = 0; t < steps; t++) {
            bs[t] = b;
            off[t + 1] = off[t] + b;
        }
        return new StepLayout(bs, off, b, lengths.clone(), true);
    }

    int steps() {
        return batchSizes.length;
    }

    int rows() {
        return offsets[batchSizes.length];
    }

    /** In static mode: is row r a real step at time t? (Always true in dynamic mode.) */
    boolean valid(int r, int t) {
        return !isStatic || t < rowLengths[r];
    }
}

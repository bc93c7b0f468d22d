package org.rnn4j.core.seq;

/** Boolean masks for padded batches. */
public final class Masks {
    private Masks() {
    }

    /**
     * {@code mask[t][b]} is true when step t is a real step of sequence b (t < lengths[b]), for a
     * time-first (T, B) layout; {@link #lengthMaskBatchFirst} gives (B, T).
     */
    public static boolean[][] lengthMask(int[] lengths, int steps) {
        boolean[][] m = new boolean[steps][lengths.length];
        for (int b = 0; b < lengths.length; b++) {
            check(lengths[b], b, steps);
            for (int t = 0; t < lengths[b]; t++) {
                m[t][b] = true;
            }
        }
        return m;
    }

    public static boolean[][] lengthMaskBatchFirst(int[] lengths, int steps) {
        boolean[][] m = new boolean[lengths.length][steps];
        for (int b = 0; b < lengths.length; b++) {
            check(lengths[b], b, steps);
            for (int t = 0; t < lengths[b]; t++) {
                m[b][t] = true;
            }
        }
        return m;
    }

    private static void check(int len, int b, int steps) {
        if (len < 0 || len > steps) {
            throw new IllegalArgumentException("length " + len + " of sequence " + b + " is outside [0, " + steps + "]");
        }
    }
}

package org.rnn4j.models.data;

import java.io.IOException;
import java.util.Locale;

/**
 * How many of a file's examples the validation split holds out, the same way for every family:
 * {@code round(n * split)}, at least one when the split is above zero, and an error that says how
 * much data is needed when the file is too small for a split and some training data.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Examples of {@code n} held out for validation by {@code split} ({@code what}: "examples",
     * "tokens", for the message).
     */
    public static int validationCount(int n, double split, String what) throws IOException {
        if (split <= 0) {
            return 0;
        }
        int nVal = Math.max(1, (int) Math.round(n * split));
        if (n - nVal < 1) {
            throw new IOException(String.format(Locale.ROOT, "%d %s are too few for data.validationSplit %s: it holds"
                    + " out %d and leaves nothing to train on; give at least 2 %s (one to validate on, one to train"
                    + " on), or set data.validationSplit to 0", n, what, split, nVal, what));
        }
        return nVal;
    }
}

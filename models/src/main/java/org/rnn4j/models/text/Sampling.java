package org.rnn4j.models.text;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * One draw of a token from a categorical distribution given by scores (logits divided by the
 * temperature; {@code -inf} for a token that may not be drawn), optionally kept to the
 * {@code topK} highest scores — what both sampling decoders (seq2seq and the language model) do.
 */
public final class Sampling {
    private Sampling() {
    }

    /** The token drawn and the log of its probability under the (top-k) distribution. */
    public record Draw(int token, double logProb) {
    }

    /**
     * Draws from softmax({@code scores}); {@code scores} is overwritten. With {@code topK} in
     * (0, n), scores below the k-th highest are dropped first (ties at the cut stay in). One
     * uniform draw from {@code rng}, walked along the cumulative weights; where rounding leaves
     * a remainder, the last token with a positive weight is drawn.
     */
    public static Draw draw(double[] scores, int topK, RandomGenerator rng) {
        int v = scores.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        if (topK > 0 && topK < v) {
            double[] sorted = scores.clone();
            Arrays.sort(sorted);
            double cut = sorted[v - topK];
            for (int k = 0; k < v; k++) {
                if (scores[k] < cut) {
                    scores[k] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        double z = 0;
        for (int k = 0; k < v; k++) {
            scores[k] = Math.exp(scores[k] - max);
            z += scores[k];
        }
        double u = rng.nextDouble() * z;
        int pick = -1;
        for (int k = 0; k < v; k++) {
            if (scores[k] > 0) {
                pick = k;
                u -= scores[k];
                if (u <= 0) {
                    break;
                }
            }
        }
        return new Draw(pick, Math.log(scores[pick] / z));
    }
}

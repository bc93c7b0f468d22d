package org.rnn4j.models.metrics;

import java.util.Arrays;
import java.util.Locale;

/**
 * The parts of a corpus BLEU-4 score from {@link Metrics#bleuScore(java.util.List, java.util.List)},
 * in the layout sacrebleu prints ({@code BLEU = 27.60 62.5/42.9/33.3/20.0 (BP = 1.000 ratio = 1.000
 * hyp_len = 8 ref_len = 8)}).
 *
 * @param score BLEU in 0..100
 * @param matches {@code matches[n-1]}: clipped n-gram matches summed over the corpus, n = 1..4
 * @param totals {@code totals[n-1]}: hypothesis n-grams summed over the corpus
 * @param brevityPenalty 1 when hypLength ≥ refLength, else exp(1 − refLength / hypLength); 0 when
 *     hypLength = 0
 * @param hypLength total hypothesis tokens
 * @param refLength total reference tokens
 */
public record BleuScore(double score, long[] matches, long[] totals, double brevityPenalty, long hypLength,
        long refLength) {

    public BleuScore {
        matches = matches.clone();
        totals = totals.clone();
    }

    @Override
    public long[] matches() {
        return matches.clone();
    }

    @Override
    public long[] totals() {
        return totals.clone();
    }

    /** The modified n-gram precision in percent (0 when there are no hypothesis n-grams), n = 1..4. */
    public double precision(int n) {
        long t = totals[n - 1];
        return t == 0 ? 0 : 100.0 * matches[n - 1] / t;
    }

    /** hypLength / refLength. */
    public double ratio() {
        return refLength == 0 ? 0 : (double) hypLength / refLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuScore b && Double.compare(score, b.score) == 0 && Arrays.equals(matches, b.matches)
                && Arrays.equals(totals, b.totals) && Double.compare(brevityPenalty, b.brevityPenalty) == 0
                && hypLength == b.hypLength && refLength == b.refLength;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(score) * 31 + Arrays.hashCode(matches);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BLEU = %.2f %.1f/%.1f/%.1f/%.1f (BP = %.3f ratio = %.3f hyp_len = %d ref_len = %d)",
                score, precision(1), precision(2), precision(3), precision(4), brevityPenalty, ratio(), hypLength,
                refLength);
    }
}
